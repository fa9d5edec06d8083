using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Hosting
{
    /// <summary>
    /// PowerShell only accepts WriteObject, WriteProgress, WriteError and friends from the pipeline
    /// thread. Engine work runs on worker threads and posts those calls here; the pipeline thread
    /// runs them while it waits for the work to finish.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private readonly BlockingCollection<Action> _pending = new BlockingCollection<Action>();
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;

        public bool OnPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Runs <paramref name="action"/> on the pipeline thread: now if this is it, else when the pump gets to it.</summary>
        public void Post(Action action)
        {
            if (OnPipelineThread)
            {
                action();
            }
            else
            {
                _pending.Add(action);
            }
        }

        /// <summary>Runs <paramref name="function"/> on the pipeline thread and waits for its answer (e.g. a SecretManagement lookup).</summary>
        public T Invoke<T>(Func<T> function)
        {
            if (OnPipelineThread)
            {
                return function();
            }

            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending.Add(() =>
            {
                try
                {
                    answer.SetResult(function());
                }
                catch (Exception ex)
                {
                    answer.SetException(ex);
                }
            });
            return answer.Task.GetAwaiter().GetResult();
        }

        /// <summary>Runs posted calls on the pipeline thread until <paramref name="work"/> ends, then returns its result or throws its failure.</summary>
        public T Pump<T>(Task<T> work)
        {
            work.ContinueWith(_ => _pending.Add(() => { }), TaskScheduler.Default);
            while (!work.IsCompleted || _pending.Count > 0)
            {
                if (_pending.TryTake(out var action, Timeout.Infinite))
                {
                    action();
                }
            }

            return work.GetAwaiter().GetResult();
        }
    }
}
