using System.IO;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// A read-only view of an inflating zip entry that charges every byte it yields to a budget.
    /// The sizes in a zip's directory are only claims; this counts what is really inflated.
    /// </summary>
    internal sealed class BoundedReadStream : ReadOnlyStreamWrapper
    {
        private readonly ExtractionBudget _bytes;

        public BoundedReadStream(Stream inner, ExtractionBudget bytes)
            : base(inner)
        {
            _bytes = bytes;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Inner.Read(buffer, offset, count);
            _bytes.Spend(read);
            return read;
        }
    }
}
