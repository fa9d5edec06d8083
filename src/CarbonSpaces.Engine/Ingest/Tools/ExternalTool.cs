namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>A program CarbonSpaces runs (never through a shell), with where to find it and how a user installs it.</summary>
    public sealed class ExternalTool
    {
        private ExternalTool(string name, string environmentVariable, string debian, string winget, string brew)
        {
            Name = name;
            EnvironmentVariable = environmentVariable;
            InstallHint = $"On Debian or Ubuntu: apt-get install {debian}; on Windows: winget install {winget}; on macOS: brew install {brew}";
        }

        public static ExternalTool Tesseract { get; } = new ExternalTool("tesseract", "CARBONSPACES_TESSERACT", "tesseract-ocr tesseract-ocr-eng", "UB-Mannheim.TesseractOCR", "tesseract");

        public static ExternalTool Ffmpeg { get; } = new ExternalTool("ffmpeg", "CARBONSPACES_FFMPEG", "ffmpeg", "Gyan.FFmpeg", "ffmpeg");

        public static ExternalTool Ffprobe { get; } = new ExternalTool("ffprobe", "CARBONSPACES_FFPROBE", "ffmpeg", "Gyan.FFmpeg", "ffmpeg");

        /// <summary>The program's name on PATH (without .exe).</summary>
        public string Name { get; }

        /// <summary>The variable that names the program's full path instead of PATH.</summary>
        public string EnvironmentVariable { get; }

        /// <summary>How to install it on Debian, Windows and macOS, as one sentence.</summary>
        public string InstallHint { get; }
    }
}
