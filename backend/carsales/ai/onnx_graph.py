"""Rewrites of the packaged ONNX graphs that make them cheaper to run on a CPU.

The ISNet export is fixed to 1024x1024 in half precision. On a 2-core CPU that costs about 9 s
per photo (onnxruntime has few fp16 CPU kernels and inserts casts); in single precision and at
the photo's own aspect ratio around 640x480 it costs about 0.5 s with the same weights. The
export baked each decoder upsampling size in as a constant, so the rewrite points every Resize
at the runtime shape of the tensor it is upsampled to match, which is what the network's code
(`_upsample_like(src, tar)`) does.

Its convolutions then run in 8-bit integers (ONNX Runtime's static QDQ quantisation: int8
weights per output channel, uint8 activations), 40 % faster than in fp32, with the cut-outs'
scores unchanged within 0.001 (docs/imaging.md). An activation's range is not known from the
weights alone: the ranges were measured on development photos, as the pipeline crops them
(`python -m bench.isnet_ranges`), and ship in `isnet_int8_ranges.json`, so the same weights
and ranges always give the same network. The first convolution stays in fp32: its input is
the photo itself, and quantising it cost white cars on white backgrounds (a white car's lower
body lost: IoU 0.98 -> 0.94), for almost no time (3 input channels).
"""

import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

_HW_START = "carsales/hw_start"
_HW_END = "carsales/hw_end"

ISNET_RANGES = Path(__file__).with_name("isnet_int8_ranges.json")
ISNET_QUANTISATION: dict[str, Any] = {
    "quant_format": QuantFormat.QDQ,
    "op_types_to_quantize": ["Conv"],
    "per_channel": True,
    "weight_type": QuantType.QInt8,
    "activation_type": QuantType.QUInt8,
    "calibrate_method": CalibrationMethod.MinMax,
    "nodes_to_exclude": ["/conv_in/Conv"],
}


def isnet_for_cpu(model_bytes: bytes, ranges: Path = ISNET_RANGES) -> bytes:
    """ISNet with int8 convolutions, taking any input height and width, with only the final
    matte as output."""
    with tempfile.TemporaryDirectory(prefix="carsales-isnet-") as directory:
        quantised = Path(directory) / "isnet-int8.onnx"
        with _without_preprocessing_advice():
            quantize_static(
                onnx.load_model_from_string(isnet_fp32(model_bytes)),
                quantised,
                None,
                calibration_cache_path=ranges,
                **ISNET_QUANTISATION,
            )
        return quantised.read_bytes()


class _PreprocessingAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing" not in record.getMessage()


@contextmanager
def _without_preprocessing_advice() -> Iterator[None]:
    """The quantiser advises, on the root logger, a pre-processing pass (shape inference and
    graph optimisation) that ONNX Runtime's session makes anyway: not worth a warning in the
    app's log on every model load."""
    advice = _PreprocessingAdvice()
    root = logging.getLogger()
    root.addFilter(advice)
    try:
        yield
    finally:
        root.removeFilter(advice)


def isnet_fp32(model_bytes: bytes) -> bytes:
    """ISNet in fp32, taking any input height and width, with only the final matte as output."""
    model = onnx.load_model_from_string(model_bytes)
    graph = model.graph
    _to_float32(graph)
    _resize_to_runtime_targets(graph)
    # The side outputs are deep-supervision heads, unused at inference.
    del graph.output[1:]
    for value in (graph.input[0], graph.output[0]):
        value.type.tensor_type.elem_type = TensorProto.FLOAT
        dims = value.type.tensor_type.shape.dim
        dims[2].dim_param, dims[3].dim_param = "height", "width"
    # Stale shape annotations would contradict the new, symbolic sizes.
    del graph.value_info[:]
    _sort_topologically(graph)
    _drop_unused_nodes(graph)
    serialised: bytes = model.SerializeToString()
    return serialised


def _to_float32(graph: onnx.GraphProto) -> None:
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type == TensorProto.FLOAT16:
            values = numpy_helper.to_array(tensor).astype(np.float32)
            graph.initializer[index].CopyFrom(numpy_helper.from_array(values, tensor.name))
    for node in graph.node:
        if node.op_type == "Cast":
            for attribute in node.attribute:
                if attribute.name == "to" and attribute.i == TensorProto.FLOAT16:
                    attribute.i = TensorProto.FLOAT


def _resize_to_runtime_targets(graph: onnx.GraphProto) -> None:
    producer = {output: node for node in graph.node for output in node.output}
    consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([2], np.int64), _HW_START),
            numpy_helper.from_array(np.array([4], np.int64), _HW_END),
        ]
    )
    added = []
    for node in graph.node:
        if node.op_type != "Resize":
            continue
        # Follow the fp16/fp32 casts to the node that uses the upsampled tensor.
        chain = {node.output[0]}
        users = consumers[node.output[0]]
        while len(users) == 1 and users[0].op_type == "Cast":
            chain.add(users[0].output[0])
            users = consumers[users[0].output[0]]
        if len(users) != 1:
            raise ValueError(f"unexpected ISNet graph around {node.name}")
        user = users[0]
        if user.op_type == "Concat":
            # Decoder skip connection: upsampled to the encoder feature it is joined with.
            (target,) = [name for name in user.input if name not in chain]
        else:
            # Side output: upsampled to the input image.
            target = graph.input[0].name
        sizes = producer[node.input[3]]
        if sizes.op_type != "Concat" or producer[sizes.input[1]].op_type != "Constant":
            raise ValueError(f"unexpected size computation for {node.name}")
        shape, height_width = f"{node.name}/target_shape", f"{node.name}/target_hw"
        added += [
            helper.make_node("Shape", [target], [shape]),
            helper.make_node("Slice", [shape, _HW_START, _HW_END], [height_width]),
        ]
        sizes.input[1] = height_width
    graph.node.extend(added)


def _drop_unused_nodes(graph: onnx.GraphProto) -> None:
    needed = {output.name for output in graph.output}
    kept = []
    for node in reversed(graph.node):
        if any(name in needed for name in node.output):
            kept.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(kept))
    used = [tensor for tensor in graph.initializer if tensor.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(used)


def _sort_topologically(graph: onnx.GraphProto) -> None:
    available = {value.name for value in graph.input} | {t.name for t in graph.initializer} | {""}
    ordered: list[onnx.NodeProto] = []
    pending = list(graph.node)
    while pending:
        waiting = []
        for node in pending:
            if all(name in available for name in node.input):
                ordered.append(node)
                available.update(node.output)
            else:
                waiting.append(node)
        if len(waiting) == len(pending):
            raise ValueError("graph has a cycle or a missing input")
        pending = waiting
    del graph.node[:]
    graph.node.extend(ordered)
