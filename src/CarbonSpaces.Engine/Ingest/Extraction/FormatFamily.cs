namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Formats that one extractor reads alike.</summary>
    internal enum FormatFamily
    {
        PlainText,
        Markdown,
        DelimitedText,
        Json,
        Html,
        Xml,
        Word,
        PowerPoint,
        Spreadsheet,
    }
}
