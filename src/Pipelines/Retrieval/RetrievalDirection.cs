namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Which modality queries and which is retrieved.</summary>
public enum RetrievalDirection
{
    /// <summary>An image is the query; captions are the candidates (one query per image).</summary>
    ImageToText,

    /// <summary>A caption is the query; images are the candidates (one query per caption).</summary>
    TextToImage,
}
