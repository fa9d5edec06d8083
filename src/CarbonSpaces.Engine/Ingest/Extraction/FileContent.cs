using System;
using System.IO;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The bytes of one file to extract: held in memory (a small download) or in a file on disk
    /// (a large download, or a file the caller names). Extractors only ever open it for reading, so
    /// the same content can be read several times (format sniffing, then extraction).
    /// </summary>
    public sealed class FileContent
    {
        private readonly byte[]? _bytes;
        private readonly string? _path;

        private FileContent(byte[]? bytes, string? path, long length)
        {
            _bytes = bytes;
            _path = path;
            Length = length;
        }

        public long Length { get; }

        /// <summary>The file on disk that holds the content, or null when it is held in memory: tools read such a file by name.</summary>
        internal string? LocalPath => _path;

        /// <summary>The content as bytes: only for content small enough to be held in memory (a tool's standard input, a nested attachment).</summary>
        internal ReadOnlyMemory<byte> InMemory() =>
            _bytes != null ? new ReadOnlyMemory<byte>(_bytes, 0, (int)Length) : File.ReadAllBytes(_path!);

        /// <summary>The content of the file at <paramref name="path"/>; it is read, never changed or deleted.</summary>
        public static FileContent FromFile(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return new FileContent(null, path, new FileInfo(path).Length);
        }

        /// <summary>The first <paramref name="length"/> bytes of <paramref name="bytes"/>, which the caller must not change while this is in use.</summary>
        public static FileContent FromBytes(byte[] bytes, int length)
        {
            if (bytes == null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            if (length < 0 || length > bytes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            return new FileContent(bytes, null, length);
        }

        /// <summary>A new seekable read-only stream over the content; shared read access on disk, as the downloader may still hold the file open.</summary>
        public Stream OpenRead() =>
            _bytes != null
                ? new MemoryStream(_bytes, 0, (int)Length, writable: false)
                : new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSizeFor(Length));

        /// <summary>
        /// A file stream's own buffer, sized to the file: FileStream's default 4 KiB makes large
        /// files cost a system call per 4 KiB, while a fixed large buffer makes every small file pay for it.
        /// </summary>
        private static int BufferSizeFor(long length) => (int)Math.Max(4096, Math.Min(length + 1, 80 * 1024));
    }
}
