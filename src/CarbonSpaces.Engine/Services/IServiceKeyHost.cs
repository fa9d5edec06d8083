namespace CarbonSpaces.Engine.Services
{
    /// <summary>What only the host (the PowerShell session) can answer about a service's API key.</summary>
    public interface IServiceKeyHost
    {
        /// <summary>Reads a SecretManagement secret (a string, SecureString, or PSCredential whose password is the key).</summary>
        string ReadSecretText(string secretName, string? vault);
    }
}
