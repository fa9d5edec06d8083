using System;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>The core properties (docProps/core.xml) every Office Open XML file may carry: title, author, creation time.</summary>
    internal static class OfficeProperties
    {
        public static DocumentMetadata Read(OpenXmlPackage package)
        {
            var metadata = new DocumentMetadata();
            var properties = package.PackageProperties;
            metadata.Set(MetadataKeys.Author, properties.Creator);
            metadata.Set(MetadataKeys.CreatedAt, properties.Created.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(properties.Created.Value, DateTimeKind.Utc)) : (DateTimeOffset?)null);
            return metadata;
        }
    }
}
