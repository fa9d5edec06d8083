using System;
using System.Buffers;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// One downloaded object version and its bytes, owned until disposed: a buffer borrowed from
    /// the shared pool (small objects) or a temporary file (large ones), given back or deleted then.
    /// </summary>
    internal sealed class DownloadedObject : IDisposable
    {
        private byte[]? _pooledBuffer;
        private readonly string? _temporaryFile;

        private DownloadedObject(ObjectVersion version, string? contentType, FileContent content, byte[]? pooledBuffer, string? temporaryFile)
        {
            Version = version;
            ContentType = contentType;
            Content = content;
            _pooledBuffer = pooledBuffer;
            _temporaryFile = temporaryFile;
        }

        public ObjectVersion Version { get; }

        public string? ContentType { get; }

        public FileContent Content { get; }

        public static DownloadedObject InPooledBuffer(ObjectVersion version, string? contentType, byte[] buffer, int length) =>
            new DownloadedObject(version, contentType, FileContent.FromBytes(buffer, length), buffer, null);

        public static DownloadedObject InTemporaryFile(ObjectVersion version, string? contentType, string path) =>
            new DownloadedObject(version, contentType, FileContent.FromFile(path), null, path);

        public void Dispose()
        {
            var buffer = _pooledBuffer;
            _pooledBuffer = null;
            if (buffer != null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (_temporaryFile != null)
            {
                TemporaryFolder.Delete(_temporaryFile);
            }
        }
    }
}
