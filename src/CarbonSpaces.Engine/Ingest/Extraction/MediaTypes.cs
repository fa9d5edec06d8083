namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Carbon's media_type values, as File.MediaType shows them.</summary>
    public static class MediaTypes
    {
        public const string Text = "TEXT";
        public const string Image = "IMAGE";
        public const string Audio = "AUDIO";
        public const string Video = "VIDEO";
    }
}
