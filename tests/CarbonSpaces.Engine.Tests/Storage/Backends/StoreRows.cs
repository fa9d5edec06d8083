using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Tests.TestSupport;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// Rows that other areas of the store would write (data sources, files, chunks), written as plain SQL both backends
    /// read alike, so a test of one area sets up only what it reads and depends on no other area's code.
    /// </summary>
    internal static class StoreRows
    {
        /// <summary>A data source row as the data source store would write it, with the id given or one of the store's choosing.</summary>
        public static DataSource AddDataSource(this BackendStore store, string name, long? id = null)
        {
            var saved = store.ScalarLong(
                $@"INSERT INTO data_sources ({(id.HasValue ? "id, " : string.Empty)}name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, tags, created_at, updated_at, sync_status)
                   VALUES ({(id.HasValue ? $"{id}, " : string.Empty)}'{name}', 'customer', 'S3', 'http://127.0.0.1:1/{name}', 'us-east-1', 'key-{name}', 'Session', '{{}}', 0, 0, 'READY') RETURNING id;");
            return new DataSource { Id = saved, Name = name };
        }

        /// <summary>A file row of the data source, ready, with metadata that names both ({"source":…}, {"file":…}) and the tags given as JSON.</summary>
        public static void AddFile(this BackendStore store, long id, long dataSourceId, string tagsJson = "{}") =>
            store.Execute($@"INSERT INTO files (id, data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags, chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
                             VALUES ({id}, {dataSourceId}, '{{""source"":{dataSourceId}}}', '{{""file"":{id}}}', 'bucket', 'docs/file{id}.txt', 'file{id}.txt', 'TXT', 'READY', '{tagsJson}', 500, 50, false, '{{}}', 0, 0);");

        public static void AddChunk(this BackendStore store, long id, long fileId, int index, string content, int? page = null) =>
            store.Execute($@"INSERT INTO chunks (id, file_id, chunk_index, content, tokens, start_offset, end_offset, page)
                             VALUES ({id}, {fileId}, {index}, '{content.Replace("'", "''")}', 1, 0, {content.Length}, {(page.HasValue ? page.Value.ToString() : "NULL")});");
    }
}
