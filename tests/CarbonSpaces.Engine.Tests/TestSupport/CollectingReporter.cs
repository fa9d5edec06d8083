using System.Collections.Concurrent;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>Keeps the per-object errors an operation reports, as Write-Error would show them.</summary>
    public sealed class CollectingReporter : IOperationReporter
    {
        private readonly ConcurrentBag<CarbonSpacesException> _errors;

        public CollectingReporter(ConcurrentBag<CarbonSpacesException> errors)
        {
            _errors = errors;
        }

        public ConcurrentQueue<string> Messages { get; } = new ConcurrentQueue<string>();

        public void Verbose(string message) => Messages.Enqueue(message);

        public void Warning(string message) => Messages.Enqueue("WARNING: " + message);

        public void Progress(OperationProgress progress)
        {
        }

        public void Error(CarbonSpacesException error) => _errors.Add(error);
    }
}
