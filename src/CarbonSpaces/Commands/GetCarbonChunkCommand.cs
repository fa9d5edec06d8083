using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Commands
{
    /// <summary>Reads the chunks of files back, in order.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonChunk")]
    [OutputType(typeof(Chunk))]
    public sealed class GetCarbonChunkCommand : CarbonCmdlet
    {
        /// <summary>The files; binds from the Id of Get-CarbonFile output and the FileId of items and search results.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[] FileId { get; set; } = new long[0];

        protected override void ProcessRecord()
        {
            foreach (var id in FileId)
            {
                if (Engine.Files.Find(id) == null)
                {
                    WriteFailure(SyncedFile.NotFound(id));
                    continue;
                }

                foreach (var chunk in Engine.Chunks.ForFile(id))
                {
                    WriteObject(new Chunk(chunk));
                }
            }
        }
    }
}
