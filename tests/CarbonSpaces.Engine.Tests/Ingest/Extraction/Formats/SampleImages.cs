using CarbonSpaces.Engine.Tests.TestSupport;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    /// <summary>
    /// Images made in the test with ImageMagick (Debian's /usr/bin/convert: a stand-in convert may
    /// come first on PATH) and tagged with exiftool, as a camera or a scanner would.
    /// </summary>
    public static class SampleImages
    {
        private const string ImageMagick = "/usr/bin/convert";

        /// <summary>
        /// Black text, one line per entry, on a white page of the given size; the format follows the
        /// extension. 8 bits a sample, and BMP in its classic 24-bit form, as scanners and Paint save them.
        /// </summary>
        public static void Text(string path, int width, int height, params string[] lines) =>
            ToolProcess.Run(ImageMagick, "-size", $"{width}x{height}", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "40", "-fill", "black",
                "-annotate", "+40+80", string.Join("\n", lines), "-depth", "8", "-type", "TrueColor", Output(path));

        /// <summary>A page-sized picture of noise: OCR has seconds of work with it.</summary>
        public static void Noise(string path, int width, int height) =>
            ToolProcess.Run(ImageMagick, "-size", $"{width}x{height}", "plasma:fractal", "-depth", "8", path);

        /// <summary>An image with no text at all: a soft gradient, like a photo of the sky.</summary>
        public static void Blank(string path, int width, int height) =>
            ToolProcess.Run(ImageMagick, "-size", $"{width}x{height}", "gradient:skyblue-white", "-depth", "8", Output(path));

        /// <summary>Writes the EXIF a phone would: make, model, when (with its UTC offset) and where.</summary>
        public static void TagAsPhoto(string path, string make, string model, string takenAt, string offset, double latitude, double longitude) =>
            ToolProcess.Run("exiftool", "-overwrite_original", "-q",
                $"-Make={make}", $"-Model={model}", $"-DateTimeOriginal={takenAt}", $"-OffsetTimeOriginal={offset}",
                $"-GPSLatitude={System.Math.Abs(latitude)}", $"-GPSLatitudeRef={(latitude < 0 ? "S" : "N")}",
                $"-GPSLongitude={System.Math.Abs(longitude)}", $"-GPSLongitudeRef={(longitude < 0 ? "W" : "E")}",
                path);

        private static string Output(string path) => path.EndsWith(".bmp", System.StringComparison.OrdinalIgnoreCase) ? "BMP3:" + path : path;
    }
}
