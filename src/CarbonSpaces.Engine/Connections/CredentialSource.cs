namespace CarbonSpaces.Engine.Connections
{
    /// <summary>Where a data source's secret comes from each time it is needed. The store records this, never the secret.</summary>
    public enum CredentialSource
    {
        /// <summary>Given to Connect-CarbonSpace and kept in memory for that PowerShell session only.</summary>
        Session,

        /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY of the process that runs the command.</summary>
        Environment,

        /// <summary>A profile of the AWS shared credentials file.</summary>
        Profile,

        /// <summary>A secret of PowerShell SecretManagement, read through the host at each use.</summary>
        SecretManagement,
    }

    /// <summary>The stored half of a credential: which source, and the name to look it up by there.</summary>
    public sealed class CredentialReference
    {
        public CredentialReference(CredentialSource source, string? name = null, string? vault = null)
        {
            Source = source;
            Name = name;
            Vault = vault;
        }

        public CredentialSource Source { get; }

        /// <summary>The profile name or secret name; null for Session and Environment.</summary>
        public string? Name { get; }

        /// <summary>The SecretManagement vault, when one was named.</summary>
        public string? Vault { get; }

        /// <summary>How the reference is shown to users and written to the store, e.g. "SecretManagement:spaces-key@MyVault".</summary>
        public override string ToString() =>
            Name == null ? Source.ToString() : Vault == null ? $"{Source}:{Name}" : $"{Source}:{Name}@{Vault}";
    }
}
