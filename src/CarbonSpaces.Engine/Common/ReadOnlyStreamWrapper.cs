using System;
using System.IO;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// A forward-only, read-only stream over another, which it owns and disposes: what every such
    /// wrapper repeats, so that a subclass says only how it reads.
    /// </summary>
    internal abstract class ReadOnlyStreamWrapper : Stream
    {
        protected ReadOnlyStreamWrapper(Stream inner)
        {
            Inner = inner;
        }

        protected Stream Inner { get; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
