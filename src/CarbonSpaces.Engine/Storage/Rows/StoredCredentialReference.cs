using System;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>
    /// A data source's credential reference as its two columns hold it: credential_source the source's name,
    /// credential_reference the name and vault as "name\nvault" (NULL when there is no name), on every backend.
    /// </summary>
    internal static class StoredCredentialReference
    {
        /// <summary>The credential_reference column's value: the name, a newline and the vault when one was named; DBNull without a name.</summary>
        public static object ToStored(CredentialReference reference) =>
            reference.Name == null ? DBNull.Value : reference.Vault == null ? reference.Name : reference.Name + "\n" + reference.Vault;

        /// <summary>The reference read back from the credential_source and credential_reference columns.</summary>
        public static CredentialReference FromStored(string source, string? referenceText)
        {
            var parts = referenceText?.Split('\n');
            return new CredentialReference(
                (CredentialSource)Enum.Parse(typeof(CredentialSource), source),
                parts?[0],
                parts != null && parts.Length > 1 ? parts[1] : null);
        }
    }
}
