namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>What only the host (the PowerShell session) can answer about a service's API key.</summary>
    public interface IServiceKeyHost
    {
        /// <summary>The key given earlier in this session for the service at <paramref name="endpoint"/>, or null.</summary>
        string? GetSessionKey(string endpoint);

        /// <summary>Reads a SecretManagement secret (a string, SecureString, or PSCredential whose password is the key).</summary>
        string ReadSecretText(string secretName, string? vault);
    }
}
