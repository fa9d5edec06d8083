namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>The stable error ids extraction failures carry; Pester and callers match on them.</summary>
    public static class ExtractionErrorIds
    {
        /// <summary>A file that should hold text (by its name or type) holds binary data.</summary>
        public const string NotText = "CarbonSpaces.NotText";

        /// <summary>A format CarbonSpaces does not extract text from (executables, archives, unknown binaries).</summary>
        public const string UnsupportedFormat = "CarbonSpaces.UnsupportedFormat";

        /// <summary>The file is damaged or is not really in the format its name or type claims.</summary>
        public const string CorruptFile = "CarbonSpaces.CorruptFile";

        /// <summary>A PDF that cannot be opened without a password.</summary>
        public const string PasswordProtected = "CarbonSpaces.PasswordProtected";

        /// <summary>The file unpacks to, or yields, more than <see cref="ExtractionLimits"/> allow.</summary>
        public const string FileTooLarge = "CarbonSpaces.FileTooLarge";
    }
}
