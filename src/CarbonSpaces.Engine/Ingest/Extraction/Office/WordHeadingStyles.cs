using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Knows which paragraph styles of a .docx are headings. Style ids are localised ("berschrift1"
    /// in German Word), so the test is on what the styles part says: the built-in English style
    /// name ("heading 1", "Title") or an outline level, following basedOn inheritance.
    /// </summary>
    internal sealed class WordHeadingStyles
    {
        /// <summary>Outline level 9 means body text; 0–8 are heading levels 1–9.</summary>
        private const int BodyTextOutlineLevel = 9;

        /// <summary>basedOn chains are short; the cap only stops a malicious cycle.</summary>
        private const int MaxInheritanceDepth = 32;

        private readonly Dictionary<string, Style> _styles;

        private WordHeadingStyles(Dictionary<string, Style> styles)
        {
            _styles = styles;
        }

        /// <summary>For a document without a styles part: only the style id is there to go by.</summary>
        public static WordHeadingStyles None { get; } = new WordHeadingStyles(new Dictionary<string, Style>());

        /// <summary>Reads the w:style definitions from a streaming reader over styles.xml.</summary>
        public static WordHeadingStyles Read(XmlReader reader)
        {
            var styles = new Dictionary<string, Style>(StringComparer.Ordinal);
            Style? current = null;
            while (reader.Read())
            {
                if (reader.NamespaceURI != OpenXmlNamespaces.Wordprocessing)
                {
                    continue;
                }

                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "style")
                {
                    current = null;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var value = reader.GetAttribute("val", OpenXmlNamespaces.Wordprocessing);
                switch (reader.LocalName)
                {
                    case "style":
                        current = new Style();
                        styles[reader.GetAttribute("styleId", OpenXmlNamespaces.Wordprocessing) ?? string.Empty] = current;
                        break;
                    case "name" when current != null:
                        current.Name = value;
                        break;
                    case "basedOn" when current != null:
                        current.BasedOn = value;
                        break;
                    case "outlineLvl" when current != null:
                        current.OutlineLevel = ParseOutlineLevel(value);
                        break;
                }
            }

            return new WordHeadingStyles(styles);
        }

        public bool IsHeading(string? styleId)
        {
            if (styleId == null)
            {
                return false;
            }

            if (!_styles.ContainsKey(styleId))
            {
                return HasHeadingName(styleId);
            }

            var id = styleId;
            for (var depth = 0; depth < MaxInheritanceDepth && id != null && _styles.TryGetValue(id, out var style); depth++)
            {
                if (IsHeadingOutlineLevel(style.OutlineLevel) || HasHeadingName(style.Name))
                {
                    return true;
                }

                id = style.BasedOn;
            }

            return false;
        }

        public static int? ParseOutlineLevel(string? value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) ? level : (int?)null;

        public static bool IsHeadingOutlineLevel(int? level) => level >= 0 && level < BodyTextOutlineLevel;

        private static bool HasHeadingName(string? name) =>
            name != null
            && (name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || name.Equals("title", StringComparison.OrdinalIgnoreCase));

        private sealed class Style
        {
            public string? Name { get; set; }

            public string? BasedOn { get; set; }

            public int? OutlineLevel { get; set; }
        }
    }
}
