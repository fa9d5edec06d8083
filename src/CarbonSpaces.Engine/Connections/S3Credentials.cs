namespace CarbonSpaces.Engine.Connections
{
    /// <summary>An access key and its secret, held in memory only. ToString never shows the secret.</summary>
    public sealed class S3Credentials
    {
        public S3Credentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = sessionToken;
        }

        public string AccessKeyId { get; }

        public string SecretAccessKey { get; }

        public string? SessionToken { get; }

        public override string ToString() => $"{AccessKeyId} (secret hidden)";
    }
}
