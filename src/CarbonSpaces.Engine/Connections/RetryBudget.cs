using System.Net.Http;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// How many more times one logical request may be sent. A download is retried at two levels:
    /// <see cref="ThrottleRetryHandler"/> retries what goes wrong before the body (a throttled or
    /// failed answer, a dropped connection, no answer), <see cref="S3ObjectReader"/> a body that
    /// breaks off. Both draw on the one budget the reader attaches to each attempt's request, so a
    /// download is sent at most <see cref="S3ClientSettings.MaxErrorRetry"/> + 1 times, whatever
    /// mix of faults it meets, with one backoff sequence.
    /// </summary>
    internal sealed class RetryBudget
    {
#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<RetryBudget> OptionKey = new HttpRequestOptionsKey<RetryBudget>(nameof(RetryBudget));
#else
        private const string PropertyName = "CarbonSpaces.RetryBudget";
#endif

        private readonly int _retries;

        public RetryBudget(int retries)
        {
            _retries = retries;
        }

        /// <summary>Retries used so far: 0 while the first attempt runs.</summary>
        public int Spent { get; private set; }

        /// <summary>Takes one retry, if any is left.</summary>
        public bool TrySpend()
        {
            if (Spent >= _retries)
            {
                return false;
            }

            Spent++;
            return true;
        }

        public void AttachTo(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(OptionKey, this);
#else
            request.Properties[PropertyName] = this;
#endif
        }

        /// <summary>The budget attached to <paramref name="request"/>, or null for a request with its own (the SDK's).</summary>
        public static RetryBudget? Of(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            return request.Options.TryGetValue(OptionKey, out var budget) ? budget : null;
#else
            return request.Properties.TryGetValue(PropertyName, out var budget) ? budget as RetryBudget : null;
#endif
        }
    }
}
