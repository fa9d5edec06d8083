namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>How a spreadsheet's number format asks a number to be shown, as far as search text cares.</summary>
    internal enum NumberDisplay
    {
        General,
        Percent,
        DateTime,
    }
}
