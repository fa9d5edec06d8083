using System;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>A vector as SQLite keeps it: its float32 values, little-endian, back to back (384 dimensions = 1,536 bytes).</summary>
    internal static class VectorBlob
    {
        public static byte[] From(float[] vector)
        {
            var blob = new byte[vector.Length * sizeof(float)];
            MemoryMarshal.AsBytes(vector.AsSpan()).CopyTo(blob);
            if (!BitConverter.IsLittleEndian)
            {
                ReverseEach(blob);
            }

            return blob;
        }

        /// <summary>Copies the blob's values into <paramref name="destination"/>; false when its size does not match.</summary>
        public static bool TryRead(byte[] blob, Span<float> destination)
        {
            if (blob.Length != destination.Length * sizeof(float))
            {
                return false;
            }

            if (!BitConverter.IsLittleEndian)
            {
                blob = (byte[])blob.Clone();
                ReverseEach(blob);
            }

            MemoryMarshal.Cast<byte, float>(blob.AsSpan()).CopyTo(destination);
            return true;
        }

        private static void ReverseEach(byte[] blob)
        {
            for (int i = 0; i < blob.Length; i += sizeof(float))
            {
                Array.Reverse(blob, i, sizeof(float));
            }
        }
    }
}
