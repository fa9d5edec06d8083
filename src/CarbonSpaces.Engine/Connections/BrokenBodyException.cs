using System;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// An object's body that stopped before its Content-Length (the connection dropped or reset
    /// mid-transfer): a network fault, retried like one, and never content.
    /// </summary>
    internal sealed class BrokenBodyException : Exception
    {
        public BrokenBodyException(long received, long declared, Exception? cause)
            : base(declared >= 0 ? $"The body broke off after {received:N0} of {declared:N0} bytes." : $"The body broke off after {received:N0} bytes.", cause)
        {
        }
    }
}
