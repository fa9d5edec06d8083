using System;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// A file whose text could not be had (no transcription service, a service that stayed down)
    /// after what it says about itself was read: the file fails, but keeps its media type and
    /// metadata, so a user still sees how long the recording is.
    /// </summary>
    public sealed class TextUnavailableException : CarbonSpacesException
    {
        public TextUnavailableException(CarbonSpacesException cause, string mediaType, DocumentMetadata metadata)
            : base(cause.ErrorId, cause.Kind, cause.Message, cause.Target, cause.InnerException)
        {
            MediaType = mediaType;
            Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        }

        public string MediaType { get; }

        public DocumentMetadata Metadata { get; }
    }
}
