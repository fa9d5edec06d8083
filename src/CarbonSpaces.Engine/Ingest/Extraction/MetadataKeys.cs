namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The names File.Metadata uses: part of the contract, since scripts read them by name. Names
    /// ending in "At" hold UTC timestamps.
    /// </summary>
    public static class MetadataKeys
    {
        public const string Title = "Title";
        public const string Author = "Author";
        public const string CreatedAt = "CreatedAt";
        public const string PageCount = "PageCount";
        public const string SlideCount = "SlideCount";
        public const string SheetCount = "SheetCount";
        public const string Width = "Width";
        public const string Height = "Height";
        public const string Camera = "Camera";
        public const string TakenAt = "TakenAt";
        public const string Latitude = "Latitude";
        public const string Longitude = "Longitude";
        public const string DurationSeconds = "DurationSeconds";
        public const string AudioCodec = "AudioCodec";
        public const string SampleRate = "SampleRate";
        public const string Channels = "Channels";
        public const string Artist = "Artist";
        public const string VideoCodec = "VideoCodec";
        public const string From = "From";
        public const string To = "To";
        public const string Subject = "Subject";
        public const string SentAt = "SentAt";
        public const string Attachments = "Attachments";
    }
}
