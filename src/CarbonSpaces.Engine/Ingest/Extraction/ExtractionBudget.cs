using System;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// A running count against one limit that throws the moment the limit is passed, so a hostile
    /// file is stopped while it is being read rather than after it has filled memory.
    /// </summary>
    internal sealed class ExtractionBudget
    {
        private readonly long _limit;
        private readonly Func<Exception> _whenExceeded;
        private long _spent;

        public ExtractionBudget(long limit, Func<Exception> whenExceeded)
        {
            _limit = limit;
            _whenExceeded = whenExceeded;
        }

        public void Spend(long amount)
        {
            _spent += amount;
            if (_spent > _limit)
            {
                throw _whenExceeded();
            }
        }
    }
}
