using System.Collections.Generic;
using System.Globalization;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// How each cell style (a cell's s="n" attribute, an index into styles.xml's cellXfs) displays
    /// numbers; read once per workbook.
    /// </summary>
    internal sealed class XlsxCellStyles
    {
        private const string S = OpenXmlNamespaces.Spreadsheet;

        private readonly List<NumberDisplay> _displays;

        private XlsxCellStyles(List<NumberDisplay> displays)
        {
            _displays = displays;
        }

        /// <summary>For a workbook without a styles part every number is shown as a plain number.</summary>
        public static XlsxCellStyles None { get; } = new XlsxCellStyles(new List<NumberDisplay>());

        public static XlsxCellStyles Read(XmlReader reader)
        {
            var customFormats = new Dictionary<int, string>();
            var cellFormatIds = new List<int>();
            var inCellFormats = false;
            while (reader.Read())
            {
                if (reader.NamespaceURI != S)
                {
                    continue;
                }

                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
                {
                    inCellFormats = false;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "numFmt":
                        customFormats[ParseInt(reader.GetAttribute("numFmtId"))] = reader.GetAttribute("formatCode") ?? string.Empty;
                        break;
                    case "cellXfs":
                        inCellFormats = !reader.IsEmptyElement;
                        break;
                    case "xf" when inCellFormats:
                        cellFormatIds.Add(ParseInt(reader.GetAttribute("numFmtId")));
                        break;
                }
            }

            var displays = new List<NumberDisplay>(cellFormatIds.Count);
            foreach (var id in cellFormatIds)
            {
                displays.Add(ExcelNumberFormats.Classify(id, customFormats.TryGetValue(id, out var code) ? code : null));
            }

            return new XlsxCellStyles(displays);
        }

        public NumberDisplay DisplayOf(int styleIndex) =>
            styleIndex >= 0 && styleIndex < _displays.Count ? _displays[styleIndex] : NumberDisplay.General;

        public static int ParseInt(string? value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }
}
