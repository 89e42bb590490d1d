"""Pure converters from task outputs (as InferenceClient returns them) to Gradio values.

No network and no event wiring: each function takes plain outputs and returns a value a
Gradio component's `postprocess` accepts (AnnotatedImage, HighlightedText, Label, Dataframe,
Audio, Image, JSON, LinePlot).
"""

from playground.render.audio import (
    AudioDecodeError,
    decode_audio,
    sniff_audio_format,
    transcript_chunks_table,
    transcript_text,
)
from playground.render.classification import (
    fill_mask_scores,
    label_scores,
    looks_multi_label,
    mask_candidates,
    scores_note,
    similarity_scores,
)
from playground.render.colors import PALETTE, label_colors
from playground.render.detection import (
    detection_colors,
    detection_label,
    detections_table,
    draw_detections,
    filter_detections,
)
from playground.render.embeddings import (
    as_vectors,
    embedding_plot_frame,
    embedding_preview,
    embedding_summary,
)
from playground.render.entities import (
    Entity,
    entities_table,
    entity_color_map,
    highlight_entities,
    normalize_entities,
)
from playground.render.images import (
    ImageDecodeError,
    add_legend,
    to_rgb_image,
)
from playground.render.segmentation import (
    overlay_masks,
    segment_colors,
    segment_labels,
    segments_table,
    visible_segments,
)
from playground.render.tables import (
    answer_cells,
    answer_summary,
    as_frame,
    highlight_answer_cells,
    with_predictions,
)
from playground.render.text import (
    filled_sentence,
    generated_tokens,
    highlight_answer,
    token_probabilities,
    tokens_table,
)

__all__ = [
    "PALETTE",
    "AudioDecodeError",
    "Entity",
    "ImageDecodeError",
    "add_legend",
    "answer_cells",
    "answer_summary",
    "as_frame",
    "as_vectors",
    "decode_audio",
    "detection_colors",
    "detection_label",
    "detections_table",
    "draw_detections",
    "embedding_plot_frame",
    "embedding_preview",
    "embedding_summary",
    "entities_table",
    "entity_color_map",
    "fill_mask_scores",
    "filled_sentence",
    "filter_detections",
    "generated_tokens",
    "highlight_answer",
    "highlight_answer_cells",
    "highlight_entities",
    "label_colors",
    "label_scores",
    "looks_multi_label",
    "mask_candidates",
    "normalize_entities",
    "overlay_masks",
    "scores_note",
    "segment_colors",
    "segment_labels",
    "segments_table",
    "similarity_scores",
    "sniff_audio_format",
    "to_rgb_image",
    "token_probabilities",
    "tokens_table",
    "transcript_chunks_table",
    "transcript_text",
    "visible_segments",
    "with_predictions",
]
