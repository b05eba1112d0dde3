"""What PyTorch, JAX and TensorFlow return for g' at each kink of each catalog activation, with sources.

Plain data (no sympy): `derivcheck list` reads it without the engine.  Points and values are exact
expression texts in the catalog spec's parameters (`lambd`, `alpha`, ...), parsed by the safe parser when a
run compares them with a spec.  A value of None means not established from the framework's source (the
framework has no such activation, or its gradient rule was not traced); it is never guessed.  Values were
read from these files (paths inside each project's repository):

- PyTorch: aten/src/ATen/native/cpu/Activation.cpp (the backward kernels), aten/src/ATen/native/Activation.cpp
  (relu6, selu, celu written through hardtanh and elu), torch/csrc/autograd/FunctionsManual.cpp (sinc).
- JAX: jax/_src/nn/functions.py, jax/_src/lax/lax.py (max/min split a tie's tangent 1/2 each),
  jax/_src/numpy/ufuncs.py (sinc).
- TensorFlow: tensorflow/core/kernels/relu_op_functor.h, softsign_op.h.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FRAMEWORKS", "TABLE", "Gradient", "KinkConvention", "conventions_for"]

FRAMEWORKS: tuple[str, ...] = ("pytorch", "jax", "tensorflow")

_PT = "aten/src/ATen/native/cpu/Activation.cpp"
_JAX = "jax/_src/nn/functions.py"
_TF = "tensorflow/core/kernels/relu_op_functor.h"


@dataclass(frozen=True)
class Gradient:
    """One framework's g' at one point, or None when not established, and where that comes from."""

    value: str | None
    source: str


@dataclass(frozen=True)
class KinkConvention:
    """The three frameworks' g' at one kink of one activation."""

    point: str
    pytorch: Gradient
    jax: Gradient
    tensorflow: Gradient

    def by_framework(self) -> dict[str, Gradient]:
        return {"pytorch": self.pytorch, "jax": self.jax, "tensorflow": self.tensorflow}


def _unknown(why: str) -> Gradient:
    return Gradient(None, why)


_NOT_IN_JAX = _unknown("jax.nn has no such activation")
_NOT_IN_TF = _unknown("TensorFlow's core ops have no such activation")
_NOWHERE = (_unknown("PyTorch has no such activation"), _unknown("jax.nn has no such activation"),
            _unknown("TensorFlow's core ops have no such activation"))


def _kink(point: str, pytorch: Gradient, jax: Gradient, tensorflow: Gradient) -> KinkConvention:
    return KinkConvention(point, pytorch, jax, tensorflow)


def _none_at(*points: str) -> tuple[KinkConvention, ...]:
    return tuple(_kink(p, *_NOWHERE) for p in points)


_HARDTANH_PT = f"{_PT} hardtanh_backward_kernel: x <= min_val or x >= max_val gives 0"
_RELU6_JAX = f"{_JAX} relu6: custom_jvp select((x > 0) & (x < 6), g, 0)"
_SHRINK_PT = f"{_PT} shrink_backward_kernel: -lambd <= x <= lambd gives 0"
_HARDSWISH_PT = f"{_PT} hardswish_backward_kernel: x < -3 gives 0, x <= 3 gives x/3 + 1/2, else 1"
_HARDSWISH_JAX = f"{_JAX} hard_silu = x*hard_sigmoid(x), hard_sigmoid = relu6(x + 3)/6, relu6'(0) = relu6'(6) = 0"
_NO_STEP = "no binary step with a gradient rule"

TABLE: dict[str, tuple[KinkConvention, ...]] = {
    "relu": (_kink(
        "0",
        Gradient("0", f"{_PT} threshold_kernel (relu backward): x <= 0 gives 0"),
        Gradient("0", f"{_JAX} relu: custom_jvp select(x > 0, g, 0)"),
        Gradient("0", f"{_TF} ReluGrad: gradients*(features > 0)")),),
    "leaky_relu": (_kink(
        "0",
        Gradient("alpha", f"{_PT} leaky_relu_backward_kernel: x > 0 ? grad : grad*negval"),
        Gradient("1", f"{_JAX} leaky_relu: where(x >= 0, x, negative_slope*x)"),
        Gradient("alpha", f"{_TF} LeakyReluGrad: features > 0 ? gradients : gradients*alpha")),),
    "prelu": (_kink(
        "0",
        Gradient("alpha", f"{_PT} prelu_backward_kernel: input > 0 ? grad : weight*grad"),
        _NOT_IN_JAX,
        _unknown("tf.keras PReLU layer, not traced")),),
    "relu6": tuple(_kink(
        p,
        Gradient("0", f"aten/src/ATen/native/Activation.cpp relu6 = hardtanh(x, 0, 6); {_HARDTANH_PT}"),
        Gradient("0", _RELU6_JAX),
        Gradient("0", f"{_TF} Relu6Grad: gradients*((features > 0)*(features < 6))")) for p in ("0", "6")),
    "hard_tanh": tuple(_kink(
        p,
        Gradient("0", _HARDTANH_PT),
        Gradient("1", f"{_JAX} hard_tanh: where(x > 1, 1, where(x < -1, -1, x))"),
        _NOT_IN_TF) for p in ("-1", "1")),
    "hard_sigmoid": tuple(_kink(
        p,
        Gradient("0", f"{_PT} hardsigmoid_backward_kernel: -3 < x < 3 ? grad/6 : 0"),
        Gradient("0", f"{_JAX} hard_sigmoid = relu6(x + 3)/6; {_RELU6_JAX}"),
        _unknown("Keras' hard_sigmoid is a different function (0.2*x + 0.5 in Keras 2)")) for p in ("-3", "3")),
    "hard_swish": (
        _kink("-3", Gradient("-1/2", _HARDSWISH_PT), Gradient("0", _HARDSWISH_JAX), _NOT_IN_TF),
        _kink("3", Gradient("3/2", _HARDSWISH_PT), Gradient("1", _HARDSWISH_JAX), _NOT_IN_TF),
    ),
    "elu": (_kink(
        "0",
        Gradient("alpha", f"{_PT} elu_backward_kernel: x <= 0 gives alpha*exp(x)"),
        Gradient("alpha", f"{_JAX} elu: where(x > 0, x, alpha*expm1(x)) takes the second branch at 0"),
        Gradient("1", f"{_TF} EluGrad: activations < 0 ? (activations + 1)*gradients : gradients")),),
    "selu": (_kink(
        "0",
        Gradient("scale*alpha", f"selu = elu(x, alpha, scale); {_PT} elu_backward_kernel: x <= 0 gives "
                 "scale*alpha*exp(x)"),
        Gradient("scale*alpha", f"{_JAX} selu = scale*elu(x, alpha)"),
        Gradient("scale", f"{_TF} SeluGrad: activations < 0 ? gradients*(activations + scale_alpha) : "
                 "gradients*scale")),),
    "celu": (_kink(
        "0",
        Gradient("1", f"celu = elu(x, alpha, 1, 1/alpha); {_PT} elu_backward_kernel: x <= 0 gives exp(x/alpha)"),
        Gradient("1", f"{_JAX} celu = max(x, 0) + alpha*expm1(min(x, 0)/alpha); jax/_src/lax/lax.py max/min "
                 "give each side 1/2 at a tie: 1/2 + 1/2"),
        _NOT_IN_TF),),
    "softshrink": tuple(_kink(p, Gradient("0", _SHRINK_PT), _NOT_IN_JAX, _unknown("only in TensorFlow Addons"))
                        for p in ("-lambd", "lambd")),
    "hardshrink": tuple(_kink(p, Gradient("0", _SHRINK_PT), _NOT_IN_JAX, _unknown("only in TensorFlow Addons"))
                        for p in ("-lambd", "lambd")),
    "softsign": (_kink(
        "0",
        Gradient("1", "torch/nn/functional.py softsign = x/(1 + abs(x)): autograd gives 1 at 0 (the x*sgn term "
                 "vanishes)"),
        Gradient("1", f"{_JAX} soft_sign = x/(abs(x) + 1): 1 at 0 whatever abs'(0) is"),
        Gradient("1", "tensorflow/core/kernels/softsign_op.h SoftsignGrad: gradients/(1 + abs(features))^2")),),
    "sinc": (_kink(
        "0",
        Gradient("0", "torch/csrc/autograd/FunctionsManual.cpp sinc_backward: 0 where x == 0 "
                 "(torch.sinc is the normalised sinc; its g'(0) is 0 too)"),
        Gradient("0", "jax/_src/numpy/ufuncs.py sinc: custom_jvp _sinc_maclaurin(1, 0) = 0 (normalised sinc)"),
        _NOT_IN_TF),),
    "relu_squared": (_kink(
        "0",
        Gradient("0", "written relu(x)**2: 2*relu(0)*relu'(0) = 0 whatever relu'(0) is (see relu)"),
        Gradient("0", "written jnp.square(jax.nn.relu(x)): 2*relu(0)*relu'(0) = 0"),
        Gradient("0", "written tf.square(tf.nn.relu(x)): 2*relu(0)*relu'(0) = 0")),),
    "binary_step": (_kink("0", _unknown(_NO_STEP), _unknown(_NO_STEP), _unknown(_NO_STEP)),),
    "isrlu": _none_at("0"),
    "sqnl": _none_at("-2", "0", "2"),
    "smelu": _none_at("-beta", "beta"),
}


def conventions_for(name: str) -> tuple[KinkConvention, ...]:
    """The table's kinks for the catalog activation `name` (none for a smooth or unknown one)."""
    return TABLE.get(name, ())
