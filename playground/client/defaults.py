"""Recommended models, used when neither the call nor the client names one.

huggingface_hub 0.17 fetched this list from https://huggingface.co/api/tasks at run time; a table
in the repository works offline and makes the choice reviewable.
"""

from __future__ import annotations

__all__ = ["RECOMMENDED_MODELS", "recommended_model"]

RECOMMENDED_MODELS: dict[str, str] = {
    "audio-classification": "MIT/ast-finetuned-audioset-10-10-0.4593",
    "audio-to-audio": "speechbrain/sepformer-wham",
    "automatic-speech-recognition": "openai/whisper-large-v3",
    "chat-completion": "HuggingFaceTB/SmolLM3-3B",
    "conversational": "microsoft/DialoGPT-large",
    "document-question-answering": "impira/layoutlm-document-qa",
    "feature-extraction": "sentence-transformers/all-MiniLM-L6-v2",
    "fill-mask": "google-bert/bert-base-uncased",
    "image-classification": "google/vit-base-patch16-224",
    "image-segmentation": "facebook/detr-resnet-50-panoptic",
    "image-to-image": "timbrooks/instruct-pix2pix",
    "image-to-text": "Salesforce/blip-image-captioning-large",
    "object-detection": "facebook/detr-resnet-50",
    "question-answering": "deepset/roberta-base-squad2",
    "sentence-similarity": "sentence-transformers/all-MiniLM-L6-v2",
    "summarization": "facebook/bart-large-cnn",
    "table-question-answering": "google/tapas-base-finetuned-wtq",
    "tabular-classification": "julien-c/wine-quality",
    "tabular-regression": "scikit-learn/Fish-Weight",
    "text-classification": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
    "text-generation": "openai-community/gpt2",
    "text-to-image": "stabilityai/stable-diffusion-xl-base-1.0",
    "text-to-speech": "espnet/kan-bayashi_ljspeech_vits",
    "token-classification": "dslim/bert-base-NER",
    "translation": "google-t5/t5-small",
    "visual-question-answering": "dandelin/vilt-b32-finetuned-vqa",
    "zero-shot-classification": "facebook/bart-large-mnli",
    "zero-shot-image-classification": "openai/clip-vit-large-patch14-336",
}


def recommended_model(task: str) -> str:
    """The recommended model id for a task; ValueError for a task that has none."""
    try:
        return RECOMMENDED_MODELS[task]
    except KeyError:
        raise ValueError(f"No recommended model for task {task!r}; pass `model=`.") from None
