using System.Collections.Generic;
using System.IO;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// .pptx: slides in presentation order (not part-name order, which drifts as slides are
    /// moved), each slide's text as a segment on page N, then its speaker notes labelled "Notes".
    /// </summary>
    internal sealed class PowerPointExtractor : SynchronousExtractor
    {
        public const string NotesLabel = "Notes";

        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Pptx };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            ZipBombGuard.CheckDeclaredSizes(context);
            var parts = new OfficePartReader(context);
            var segments = new SegmentCollector(context);
            using (var file = context.Content.OpenRead())
            using (var document = PresentationDocument.Open(file, isEditable: false))
            {
                var presentation = document.PresentationPart ?? throw new InvalidDataException("it has no presentation part");
                var slideIds = ReadSlideRelationshipIds(presentation, parts);
                for (var index = 0; index < slideIds.Count; index++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    var slide = (SlidePart)presentation.GetPartById(slideIds[index]);
                    var slideNumber = index + 1;
                    segments.Add(ReadText(slide, parts), page: slideNumber);
                    if (slide.NotesSlidePart != null)
                    {
                        segments.Add(ReadText(slide.NotesSlidePart, parts), page: slideNumber, label: NotesLabel);
                    }
                }

                var metadata = OfficeProperties.Read(document);
                metadata.Set(MetadataKeys.SlideCount, slideIds.Count);
                return segments.ToDocument(document.PackageProperties.Title, metadata);
            }
        }

        /// <summary>The r:id of every p:sldId in presentation.xml's slide list, in order.</summary>
        private static List<string> ReadSlideRelationshipIds(PresentationPart presentation, OfficePartReader parts)
        {
            var ids = new List<string>();
            using (var stream = parts.Open(presentation))
            using (var reader = SafeXml.CreateReader(stream))
            {
                OfficePartReader.MoveToRoot(reader, OpenXmlNamespaces.Presentation, "presentation");
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sldId" && reader.NamespaceURI == OpenXmlNamespaces.Presentation)
                    {
                        var id = reader.GetAttribute("id", OpenXmlNamespaces.Relationships);
                        if (id != null)
                        {
                            ids.Add(id);
                        }
                    }
                }
            }

            return ids;
        }

        private static string ReadText(OpenXmlPart slideOrNotes, OfficePartReader parts)
        {
            using (var stream = parts.Open(slideOrNotes))
            using (var reader = SafeXml.CreateReader(stream))
            {
                return new SlideTextReader(parts.Text).Read(reader);
            }
        }
    }
}
