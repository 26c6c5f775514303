#!/usr/bin/python3
"""Generates the small, deterministic ONNX models EdgeTwin.Onnx's tests run through both engines.

Run with Debian's python3 (scripts/setup/onnx.sh installs python3-onnx and python3-numpy):

    /usr/bin/python3 scripts/models/make_test_models.py

Writes tests/EdgeTwin.Onnx.Tests/Models/*.onnx plus manifest.json (inputs with shapes and value ranges,
outputs, operators used), and Models/unsupported/*.onnx with the text the load error must name.
Re-running produces identical bytes: weights come from fixed seeds and no timestamps are stored.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "EdgeTwin.Onnx.Tests", "Models")
F = TensorProto.FLOAT
I64 = TensorProto.INT64
B = TensorProto.BOOL

manifest = []


def w(name, array, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(array, dtype=dtype), name)


def rand(seed, *shape, scale=0.5):
    return (np.random.RandomState(seed).randn(*shape) * scale).astype(np.float32)


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def save(name, nodes, inputs, outputs, inits=(), opset=13, ml=None, ranges=None, check=True, description=""):
    imports = [helper.make_opsetid("", opset)]
    if ml is not None:
        imports.append(helper.make_opsetid("ai.onnx.ml", ml))
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    model = helper.make_model(graph, opset_imports=imports, producer_name="edgetwin-make-test-models")
    model.ir_version = 8
    if check:
        onnx.checker.check_model(model)
    path = os.path.join(OUT, name + ".onnx")
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    ranges = ranges or {}

    def dims(t):
        return [d.dim_value if d.HasField("dim_value") else d.dim_param for d in t.type.tensor_type.shape.dim]

    manifest.append({
        "file": name + ".onnx",
        "description": description,
        "opset": opset,
        "operators": sorted({n.op_type for n in nodes}),
        "inputs": [{"name": i.name, "shape": dims(i), "low": ranges.get(i.name, (-2.0, 2.0))[0],
                    "high": ranges.get(i.name, (-2.0, 2.0))[1]} for i in inputs],
        "outputs": [{"name": o.name, "shape": dims(o)} for o in outputs],
    })
    return model


def node(op, inputs, outputs, domain=None, **attrs):
    return helper.make_node(op, inputs, outputs, domain=domain, **attrs)


def arithmetic():
    nodes = [
        node("Add", ["x", "row"], ["a"]),
        node("Sub", ["a", "col"], ["s"]),
        node("Mul", ["s", "half"], ["m"]),
        node("Abs", ["x"], ["ax"]),
        node("Add", ["ax", "one"], ["den"]),
        node("Div", ["m", "den"], ["y"]),
    ]
    inits = [w("row", rand(1, 4)), w("col", rand(2, 3, 1)), w("half", 0.5), w("one", [1.0])]
    save("arithmetic", nodes, [vi("x", F, [2, 3, 4])], [vi("y", F, [2, 3, 4])], inits,
         description="Add/Sub/Mul/Div with row, column and scalar broadcasting")


def unary():
    nodes = [
        node("Abs", ["x"], ["ax"]),
        node("Neg", ["ax"], ["nx"]),
        node("Exp", ["nx"], ["exp"]),
        node("Add", ["ax", "one"], ["ax1"]),
        node("Log", ["ax1"], ["log"]),
        node("Sqrt", ["ax"], ["sqrt"]),
        node("Add", ["ax", "half"], ["axh"]),
        node("Pow", ["axh", "p"], ["pow"]),
        node("Pow", ["axh", "two"], ["sq"]),
    ]
    inits = [w("one", 1.0), w("half", 0.5), w("p", [1.7]), w("two", 2.0)]
    outs = [vi(n, F, [3, 5]) for n in ["exp", "log", "sqrt", "pow", "sq", "nx"]]
    save("unary", nodes, [vi("x", F, [3, 5])], outs, inits, ranges={"x": (-3.0, 3.0)},
         description="Abs, Neg, Exp, Log, Sqrt, Pow; six outputs")


def activations():
    nodes = [
        node("Relu", ["x"], ["relu"]),
        node("LeakyRelu", ["x"], ["leaky"], alpha=0.1),
        node("Sigmoid", ["x"], ["sigmoid"]),
        node("Tanh", ["x"], ["tanh"]),
        node("Softmax", ["x"], ["softmax"], axis=-1),
        node("Softmax", ["x"], ["softmax0"], axis=0),
        node("Clip", ["x", "lo", "hi"], ["clip"]),
        node("Clip", ["x", "", "hi"], ["cliphi"]),
    ]
    inits = [w("lo", -0.5), w("hi", 0.75)]
    outs = [vi(n, F, [4, 6]) for n in ["relu", "leaky", "sigmoid", "tanh", "softmax", "softmax0", "clip", "cliphi"]]
    save("activations", nodes, [vi("x", F, [4, 6])], outs, inits, ranges={"x": (-4.0, 4.0)},
         description="Relu, LeakyRelu, Sigmoid, Tanh, Softmax on two axes, Clip with both and one bound")


def reductions():
    nodes = [
        node("ReduceSum", ["x", "axes1"], ["sum1"], keepdims=0),
        node("ReduceSum", ["x"], ["sumall"], keepdims=1),
        node("ReduceMean", ["x"], ["mean"], axes=[0, 2], keepdims=1),
        node("ReduceMax", ["x"], ["max"], axes=[-1], keepdims=0),
        node("ReduceMean", ["x"], ["meanall"], keepdims=0),
    ]
    inits = [w("axes1", [1], np.int64)]
    outs = [vi("sum1", F, [2, 4]), vi("sumall", F, [1, 1, 1]), vi("mean", F, [1, 3, 1]), vi("max", F, [2, 3]),
            vi("meanall", F, [])]
    save("reductions", nodes, [vi("x", F, [2, 3, 4])], outs, inits,
         description="ReduceSum with axes as input, ReduceMean/ReduceMax with axes as attribute, keepdims both ways")


def shape_ops():
    nodes = [
        node("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([0, -1, 2], np.int64))),
        node("Reshape", ["x", "shape"], ["r"]),  # [4,3,2]
        node("Transpose", ["r"], ["t"], perm=[2, 0, 1]),  # [2,4,3]
        node("Flatten", ["t"], ["f"], axis=2),  # [8,3]
        node("Unsqueeze", ["f", "ax0"], ["u"]),  # [1,8,3]
        node("Squeeze", ["u", "ax0"], ["sq"]),  # [8,3]
        node("Identity", ["sq"], ["id"]),
        node("Slice", ["id", "starts", "ends", "axes", "steps"], ["sl"]),  # rows 7,5,3,1; column 1 -> [4,1]
        node("Gather", ["id", "idx"], ["g"], axis=1),  # [8,3]
        node("Concat", ["g", "id"], ["cat"], axis=1),  # [8,6]
        node("Transpose", ["cat"], ["catT"]),  # default perm: [6,8]
        node("Constant", [], ["k"], value_floats=[1.0, -2.0, 3.0]),
        node("Mul", ["sl", "k"], ["slk"]),  # [4,3]
    ]
    inits = [w("ax0", [0], np.int64), w("starts", [-1, 1], np.int64), w("ends", [-100, 10], np.int64),
             w("axes", [0, 1], np.int64), w("steps", [-2, 2], np.int64), w("idx", [2, 0, -1], np.int64)]
    outs = [vi("slk", F, [4, 3]), vi("catT", F, [6, 8])]
    save("shape_ops", nodes, [vi("x", F, [4, 6])], outs, inits,
         description="Constant, Reshape(0,-1), Transpose, Flatten, Unsqueeze/Squeeze (inputs), Identity, Slice with negative steps, Gather, Concat")


def legacy_opset9():
    nodes = [
        node("Unsqueeze", ["x"], ["u"], axes=[0]),  # [1,3,4]
        node("Squeeze", ["u"], ["s"], axes=[0]),
        node("Slice", ["s"], ["sl"], starts=[1, 0], ends=[3, 100], axes=[0, 1]),  # [2,4]
        node("Clip", ["sl"], ["c"], min=-1.0, max=1.5),
        node("Softmax", ["c"], ["sm"], axis=1),
        node("ReduceSum", ["x"], ["rs"], axes=[1], keepdims=1),
        node("BatchNormalization", ["x3", "scale", "bias", "mean", "var"], ["bn"], epsilon=1e-3),
        node("Softmax", ["x3"], ["sm3"], axis=1),  # before opset 13: normalised over the flattened [3,4] block
    ]
    inits = [w("scale", [1.5, 0.5, 2.0]), w("bias", [0.1, -0.2, 0.3]), w("mean", [0.2, -0.1, 0.0]),
             w("var", [0.9, 1.1, 0.5])]
    outs = [vi("sm", F, [2, 4]), vi("rs", F, [3, 1]), vi("bn", F, [1, 3, 4]), vi("sm3", F, [1, 3, 4])]
    save("legacy_opset9", nodes, [vi("x", F, [3, 4]), vi("x3", F, [1, 3, 4])], outs, inits, opset=9,
         description="opset 9 forms: axes/starts/ends/min/max as attributes, coerced Softmax, BatchNormalization")


def compare_where():
    nodes = [
        node("Greater", ["x", "y"], ["gt"]),
        node("Less", ["x", "zero"], ["lt"]),
        node("Where", ["gt", "x", "y"], ["wh"]),
        node("Cast", ["x"], ["xi"], to=I64),
        node("Equal", ["xi", "onei"], ["eq"]),
        node("Cast", ["eq"], ["eqf"], to=F),
        node("Max", ["x", "y", "row"], ["mx"]),
        node("Min", ["x", "row"], ["mn"]),
        node("Cast", ["lt"], ["lti"], to=I64),
        node("Add", ["lti", "xi"], ["sumi"]),
        node("Equal", ["gt", "lt"], ["eqb"]),
    ]
    inits = [w("zero", 0.0), w("onei", 1, np.int64), w("row", rand(3, 5))]
    outs = [vi("wh", F, [4, 5]), vi("eqf", F, [4, 5]), vi("mx", F, [4, 5]), vi("mn", F, [4, 5]),
            vi("lt", B, [4, 5]), vi("sumi", I64, [4, 5]), vi("eqb", B, [4, 5])]
    save("compare_where", nodes, [vi("x", F, [4, 5]), vi("y", F, [4, 5])], outs, inits, ranges={"x": (-3.0, 3.0)},
         description="Greater, Less, Equal (int64 and bool), Where, Cast float/int64/bool, variadic Max/Min; bool and int64 outputs")


def gemm_matmul():
    nodes = [
        node("Gemm", ["a", "w1", "c1"], ["g1"], alpha=0.7, beta=1.3, transB=1),
        node("Gemm", ["at", "w2", "c2"], ["g2"], transA=1),
        node("MatMul", ["b3", "w3"], ["m3"]),
        node("MatMul", ["v", "w3"], ["mv"]),
        node("MatMul", ["b3", "b3t"], ["mb"]),
    ]
    inits = [w("w1", rand(4, 5, 3)), w("c1", rand(5, 5)), w("w2", rand(6, 3, 2)), w("c2", rand(7, 4, 1)),
             w("w3", rand(8, 4, 5)), w("b3t", rand(9, 2, 4, 3))]
    outs = [vi("g1", F, [2, 5]), vi("g2", F, [4, 2]), vi("m3", F, [2, 3, 5]), vi("mv", F, [5]), vi("mb", F, [2, 3, 3])]
    save("gemm_matmul", nodes,
         [vi("a", F, [2, 3]), vi("at", F, [3, 4]), vi("b3", F, [2, 3, 4]), vi("v", F, [4])], outs, inits,
         description="Gemm with alpha/beta/transA/transB and broadcast C; batched, broadcast and 1-D MatMul")


def conv1d():
    nodes = [
        node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 2], strides=[2], dilations=[2], kernel_shape=[3]),
        node("Conv", ["x", "w2"], ["c2"], group=2),
        node("BatchNormalization", ["c1", "scale", "bias", "mean", "var"], ["bn"]),
    ]
    inits = [w("w1", rand(10, 6, 4, 3)), w("b1", rand(11, 6)), w("w2", rand(12, 4, 2, 2)),
             w("scale", rand(13, 6) + 1), w("bias", rand(14, 6)), w("mean", rand(15, 6)), w("var", np.abs(rand(16, 6)) + 0.5)]
    outs = [vi("bn", F, [2, 6, 5]), vi("c2", F, [2, 4, 9])]
    save("conv1d", nodes, [vi("x", F, [2, 4, 10])], outs, inits,
         description="1-D Conv with pads/strides/dilations/bias and grouped; BatchNormalization")


def dense_autoencoder():
    sizes = [12, 8, 4, 8, 12]
    nodes, inits = [], []
    acts = ["Relu", "Tanh", "Relu", None]
    prev = "x"
    for i in range(4):
        inits += [w(f"W{i}", rand(20 + i, sizes[i + 1], sizes[i], scale=0.4)), w(f"B{i}", rand(30 + i, sizes[i + 1], scale=0.1))]
        out = f"h{i}" if acts[i] else "recon"
        nodes.append(node("Gemm", [prev, f"W{i}", f"B{i}"], [out], transB=1))
        prev = out
        if acts[i]:
            nodes.append(node(acts[i], [out], [out + "a"]))
            prev = out + "a"
    nodes += [node("Sub", ["recon", "x"], ["err"]), node("Mul", ["err", "err"], ["sq"]),
              node("ReduceMean", ["sq"], ["score"], axes=[1], keepdims=1)]
    save("dense_autoencoder", nodes, [vi("x", F, ["N", 12])], [vi("recon", F, ["N", 12]), vi("score", F, ["N", 1])], inits,
         description="Dense autoencoder 12-8-4-8-12 (Gemm + Relu/Tanh) with a reconstruction-error score; symbolic batch")


def conv_autoencoder():
    nodes = [
        node("Conv", ["x", "we", "be"], ["e"], pads=[1, 1], strides=[2]),  # [1,4,8]
        node("Relu", ["e"], ["ea"]),
        node("Conv", ["ea", "wb", "bb"], ["z"], pads=[1, 1]),  # [1,2,8]
        node("Tanh", ["z"], ["za"]),
        node("Flatten", ["za"], ["zf"]),  # [1,16]
        node("Gemm", ["zf", "wd", "bd"], ["d"], transB=1),  # [1,32]
        node("Reshape", ["d", "shape"], ["recon"]),  # [1,2,16]
        node("Sub", ["recon", "x"], ["err"]),
        node("Abs", ["err"], ["ae"]),
        node("ReduceMean", ["ae"], ["score"], axes=[1, 2], keepdims=0),
    ]
    inits = [w("we", rand(40, 4, 2, 3)), w("be", rand(41, 4, scale=0.1)), w("wb", rand(42, 2, 4, 3)),
             w("bb", rand(43, 2, scale=0.1)), w("wd", rand(44, 32, 16, scale=0.3)), w("bd", rand(45, 32, scale=0.1)),
             w("shape", [1, 2, 16], np.int64)]
    save("conv_autoencoder", nodes, [vi("x", F, [1, 2, 16])], [vi("recon", F, [1, 2, 16]), vi("score", F, [1])], inits,
         description="1-D conv autoencoder: strided Conv encoder, Gemm decoder, mean absolute error score")


def linear_regressor():
    nodes = [node("MatMul", ["x", "coef"], ["xw"]), node("Add", ["xw", "intercept"], ["y"])]
    inits = [w("coef", rand(50, 6, 1)), w("intercept", [0.25])]
    save("linear_regressor", nodes, [vi("x", F, [1, 6])], [vi("y", F, [1, 1])], inits,
         description="Linear regression y = xW + b, as sklearn exporters emit it")


def random_trees(seed, n_trees, depth, n_features, n_targets, modes):
    rs = np.random.RandomState(seed)
    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                             "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                             "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    for t in range(n_trees):
        next_id = [0]

        def build(level):
            nid = next_id[0]
            next_id[0] += 1
            leaf = level == depth or (level > 1 and rs.rand() < 0.2)
            idx = len(attrs["nodes_nodeids"])
            for k, v in [("nodes_treeids", t), ("nodes_nodeids", nid), ("nodes_featureids", 0), ("nodes_values", 0.0),
                         ("nodes_modes", "LEAF"), ("nodes_truenodeids", 0), ("nodes_falsenodeids", 0),
                         ("nodes_missing_value_tracks_true", 0)]:
                attrs[k].append(v)
            if leaf:
                for target in range(n_targets):
                    attrs["target_treeids"].append(t)
                    attrs["target_nodeids"].append(nid)
                    attrs["target_ids"].append(target)
                    # Isolation forest leaves hold path length (depth + c(n) correction).
                    attrs["target_weights"].append(float(np.float32(level + rs.rand() * 2)))
                return nid
            attrs["nodes_featureids"][idx] = int(rs.randint(n_features))
            attrs["nodes_values"][idx] = float(np.float32(rs.randn()))
            attrs["nodes_modes"][idx] = modes[rs.randint(len(modes))]
            attrs["nodes_missing_value_tracks_true"][idx] = int(rs.rand() < 0.5)
            attrs["nodes_truenodeids"][idx] = build(level + 1)
            attrs["nodes_falsenodeids"][idx] = build(level + 1)
            return nid

        build(0)
    return attrs


def isolation_forest():
    trees = 12
    attrs = random_trees(60, trees, 6, 4, 1, ["BRANCH_LEQ"])
    c_n = 2.0 * (np.log(255.0) + 0.5772156649) - 2.0 * 255.0 / 256.0
    nodes = [
        node("TreeEnsembleRegressor", ["x"], ["path"], domain="ai.onnx.ml", n_targets=1, aggregate_function="SUM",
             post_transform="NONE", **attrs),
        node("Mul", ["path", "inv"], ["norm"]),
        node("Neg", ["norm"], ["negn"]),
        node("Pow", ["two", "negn"], ["p"]),
        node("Neg", ["p"], ["score"]),
        node("Add", ["score", "offset"], ["decision"]),
        node("Less", ["decision", "zero"], ["anomaly"]),
    ]
    inits = [w("inv", [1.0 / (trees * c_n)]), w("two", 2.0), w("offset", [0.5]), w("zero", 0.0)]
    save("isolation_forest", nodes, [vi("x", F, ["N", 4])],
         [vi("path", F, ["N", 1]), vi("decision", F, ["N", 1]), vi("anomaly", B, ["N", 1])], inits, ml=3,
         ranges={"x": (-3.0, 3.0)},
         description="Isolation-forest-like TreeEnsembleRegressor (12 trees, SUM) with the skl2onnx-style score formula")


def tree_ensemble_modes():
    attrs = random_trees(70, 5, 4, 3, 2, ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_NEQ"])
    nodes = [node("TreeEnsembleRegressor", ["x"], ["y"], domain="ai.onnx.ml", n_targets=2, aggregate_function="AVERAGE",
                  base_values=[0.5, -1.0], **attrs),
             node("TreeEnsembleRegressor", ["x"], ["ymax"], domain="ai.onnx.ml", n_targets=2, aggregate_function="MAX",
                  **attrs)]
    save("tree_ensemble_modes", nodes, [vi("x", F, [3, 3])], [vi("y", F, [3, 2]), vi("ymax", F, [3, 2])], ml=1,
         description="TreeEnsembleRegressor with two targets, every branch mode, AVERAGE and MAX, base_values")


def broadcasting():
    nodes = [
        node("Add", ["a", "b"], ["s"]),  # [3,1,5] + [4,1] -> [3,4,5]
        node("Mul", ["s", "scalar"], ["m"]),  # rank-0
        node("Sub", ["one1", "m"], ["d"]),  # [1] - [3,4,5]
        node("Greater", ["d", "b"], ["g"]),
        node("Where", ["g", "a", "col"], ["w"]),  # cond [3,4,5], x [3,1,5], y [4,1]
        node("Max", ["w", "b"], ["mx"]),
    ]
    inits = [w("scalar", 1.5), w("one1", [1.0]), w("col", rand(80, 4, 1))]
    save("broadcasting", nodes, [vi("a", F, [3, 1, 5]), vi("b", F, [4, 1])], [vi("d", F, [3, 4, 5]), vi("mx", F, [3, 4, 5])], inits,
         description="Multidirectional broadcasting across ranks, rank-0 and [1] operands, three-way Where")


def unsupported():
    """Well-formed models the managed evaluator must reject at load, naming the reason."""
    folder = os.path.join(OUT, "unsupported")
    os.makedirs(folder, exist_ok=True)
    cases = []

    def put(name, nodes, inputs, outputs, inits=(), opset=13, expect=""):
        graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="edgetwin")
        model.ir_version = 8
        with open(os.path.join(folder, name + ".onnx"), "wb") as f:
            f.write(model.SerializeToString())
        cases.append({"file": "unsupported/" + name + ".onnx", "expect": expect})

    x = [vi("x", F, [1, 4])]
    put("operator", [node("Erf", ["x"], ["y"])], x, [vi("y", F, [1, 4])], expect="'Erf'")
    put("attribute", [node("Conv", ["x3", "w"], ["y"], auto_pad="SAME_UPPER")], [vi("x3", F, [1, 1, 4])],
        [vi("y", F, [1, 1, 4])], [w("w", rand(90, 1, 1, 3))], expect="auto_pad 'SAME_UPPER'")
    put("opset", [node("Relu", ["x"], ["y"])], x, [vi("y", F, [1, 4])], opset=5, expect="opset 5")
    put("input_type", [node("Relu", ["x"], ["y"])], [vi("x", TensorProto.DOUBLE, [1, 4])], [vi("y", TensorProto.DOUBLE, [1, 4])],
        expect="Double")
    put("runtime_shape", [node("Cast", ["x"], ["xi"], to=I64), node("Reshape", ["x", "xi"], ["y"])], x,
        [vi("y", F, [4])], expect="computed at run time")
    put("cast_type", [node("Cast", ["x"], ["y"], to=TensorProto.FLOAT16)], x, [vi("y", TensorProto.FLOAT16, [1, 4])],
        expect="Cast to Float16")
    put("symbolic_dim", [node("Relu", ["x"], ["y"])], [vi("x", F, [1, "T"])], [vi("y", F, [1, "T"])], expect="'T'")
    put("unknown_attribute", [node("Relu", ["x"], ["y"], flavour=3)], x, [vi("y", F, [1, 4])], expect="'flavour'")
    with open(os.path.join(folder, "expectations.json"), "w") as f:
        json.dump(cases, f, indent=2)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for make in [arithmetic, unary, activations, reductions, shape_ops, legacy_opset9, compare_where, gemm_matmul,
                 conv1d, dense_autoencoder, conv_autoencoder, linear_regressor, isolation_forest, tree_ensemble_modes,
                 broadcasting]:
        make()
    unsupported()
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"generator": "scripts/models/make_test_models.py", "onnx": onnx.__version__, "models": manifest}, f, indent=2)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(OUT) for n in ns)
    print(f"wrote {len(manifest)} models to {OUT} ({total} bytes in total)")
    if total > 200 * 1024:
        sys.exit("test models exceed 200 KB")


if __name__ == "__main__":
    main()
