using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>One run of an external tool: its arguments as a list (never a command line for a shell), its input and its bounds.</summary>
    public sealed class ToolRun
    {
        public ToolRun(ExternalTool tool, string subject, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            Tool = tool;
            Subject = subject;
            Arguments = arguments;
            Timeout = timeout;
        }

        public ExternalTool Tool { get; }

        /// <summary>The file the run is for, as messages name it (bucket/key).</summary>
        public string Subject { get; }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The run is killed when it takes longer.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>Bytes written to the tool's standard input, which is then closed; null for no input.</summary>
        public ReadOnlyMemory<byte>? Input { get; set; }

        /// <summary>Variables set for the tool on top of this process's environment.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

        /// <summary>The most standard output kept; a tool that writes more is stopped (a runaway tool must not fill memory).</summary>
        public int MaxOutputBytes { get; set; } = 64 * 1024 * 1024;

        /// <summary>What the user is told the limit on time is called, e.g. "OcrTimeout".</summary>
        public string TimeoutName { get; set; } = "Timeout";
    }

    /// <summary>How a tool run ended: its exit code, its standard output and the end of its standard error.</summary>
    public sealed class ToolResult
    {
        public ToolResult(int exitCode, byte[] output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        public int ExitCode { get; }

        public byte[] Output { get; }

        /// <summary>The last few kilobytes of standard error: where tools say what went wrong.</summary>
        public string Error { get; }
    }
}
