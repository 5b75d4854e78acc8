-- The similarity index: one row per document, with its embedding vector.
-- Run by H2 when a connection opens (INIT=RUNSCRIPT in search.jdbc-url); for another database, create the table once.
CREATE TABLE IF NOT EXISTS documents (
    -- the document's name (the file name for files)
    name       VARCHAR(255)     NOT NULL PRIMARY KEY,
    -- the text that was embedded
    content    VARCHAR(1000000) NOT NULL,
    -- the model that computed the vector (CamelLlmModel): vectors of different models are not comparable
    model      VARCHAR(255)     NOT NULL,
    -- the vector's length (CamelLlmEmbeddingDimension)
    dimension  INT              NOT NULL,
    -- the vector: dimension float32 values, little-endian (4 bytes each)
    embedding  VARBINARY(65536) NOT NULL,
    indexed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
