namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>The XML namespaces the Open XML readers match elements against.</summary>
    internal static class OpenXmlNamespaces
    {
        public const string Wordprocessing = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        public const string Drawing = "http://schemas.openxmlformats.org/drawingml/2006/main";
        public const string Presentation = "http://schemas.openxmlformats.org/presentationml/2006/main";
        public const string Spreadsheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        public const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

        /// <summary>
        /// Markup compatibility: mc:AlternateContent offers the same content twice (mc:Choice and an
        /// older mc:Fallback); readers skip the fallback so text is not read twice.
        /// </summary>
        public const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

        public static bool IsFallback(System.Xml.XmlReader reader) =>
            reader.NodeType == System.Xml.XmlNodeType.Element
            && reader.LocalName == "Fallback"
            && reader.NamespaceURI == MarkupCompatibility;
    }
}
