namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// What only the host (the PowerShell session) can answer: secrets it holds for this session,
    /// and SecretManagement vaults, which are reached through PowerShell.
    /// </summary>
    public interface ICredentialHost
    {
        /// <summary>The secret given earlier in this session for that endpoint and key, or null.</summary>
        S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId);

        /// <summary>Reads a SecretManagement secret: a PSCredential (user name = access key) or a plain secret for <paramref name="accessKeyId"/>.</summary>
        S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId);
    }
}
