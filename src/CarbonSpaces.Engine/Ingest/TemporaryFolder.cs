using System;
using System.IO;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Where downloads wait for extraction. Files are named by file id, never by object key, so a
    /// key such as "../../etc/passwd" cannot place anything outside this folder.
    /// </summary>
    internal sealed class TemporaryFolder : IDisposable
    {
        public TemporaryFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "CarbonSpaces", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        /// <summary>
        /// A fresh name for each download, so two builds never share a file. It ends in the object's
        /// format (letters and digits only, from FormatDetector.FormatOf), because tools such as
        /// ffprobe take the extension as a hint; files without one end in ".download".
        /// </summary>
        public string FileFor(long fileId, string format) =>
            System.IO.Path.Combine(Path, fileId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N") + "." + (format.Length == 0 ? "download" : format.ToLowerInvariant()));

        public static void Delete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still open by a cancelled read; the folder goes with Dispose.
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS temp cleaner takes what is left.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
