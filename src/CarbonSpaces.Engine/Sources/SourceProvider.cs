namespace CarbonSpaces.Engine.Sources
{
    /// <summary>Who runs the S3 endpoint; it decides the metadata labels Carbon shows.</summary>
    public enum SourceProvider
    {
        S3,
        DigitalOcean,
    }

    /// <summary>Carbon's data-source and file metadata labels.</summary>
    public static class SourceLabels
    {
        /// <summary>Carbon's enabledIntegrations value: Spaces data sources are S3 sources too.</summary>
        public const string SourceType = "S3";

        public static string DataSourceMetadata(SourceProvider provider) =>
            provider == SourceProvider.DigitalOcean ? "DigitalOcean Space" : "S3";

        public static string FileMetadata(SourceProvider provider) =>
            provider == SourceProvider.DigitalOcean ? "DigitalOcean Space File" : "S3 File";

        public static string BucketMetadata(SourceProvider provider) =>
            provider == SourceProvider.DigitalOcean ? "DigitalOcean Space Bucket" : "S3 Bucket";

        public static SourceProvider ProviderOf(string dataSourceMetadata) =>
            dataSourceMetadata == "DigitalOcean Space" ? SourceProvider.DigitalOcean : SourceProvider.S3;
    }
}
