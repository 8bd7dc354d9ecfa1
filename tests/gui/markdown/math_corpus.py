# ruff: noqa: E501 - formulas are data, kept whole on their lines
"""Formulas of the kind chat models write, for the math renderer's coverage test and the
view-streaming benchmark: fractions, sums, integrals, limits, derivatives, matrices, cases,
aligned equations, Greek, accents, text, blackboard bold and more (102 of them).

CORPUS holds (category, LaTeX without delimiters) pairs.
"""

CORPUS = [
    # --- fractions
    ("fraction", r"\frac{a}{b} + \frac{c}{d} = \frac{ad + bc}{bd}"),
    ("fraction", r"\frac{1}{2}mv^2"),
    ("fraction-nested", r"\frac{1}{1 + \frac{1}{1 + \frac{1}{x}}}"),
    ("fraction-nested", r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}"),
    ("fraction-dfrac", r"\dfrac{\partial f}{\partial x} = \tfrac{1}{2}"),
    # --- sums / products
    ("sum", r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}"),
    ("sum", r"\sum_{k=0}^{\infty} \frac{x^k}{k!} = e^x"),
    ("product", r"\prod_{i=1}^{n} (1 + x_i)"),
    ("sum-nested", r"\sum_{i=1}^{m} \sum_{j=1}^{n} a_{ij} x_i y_j"),
    ("product-limits", r"n! = \prod_{k=1}^{n} k"),
    # --- integrals
    ("integral", r"\int_0^1 x^2 \, dx = \frac{1}{3}"),
    ("integral", r"\int_{-\infty}^{\infty} e^{-x^2} \, dx = \sqrt{\pi}"),
    ("integral-double", r"\iint_D f(x, y) \, dA"),
    ("integral-double", r"\int_0^1 \int_0^{1-x} (x + y) \, dy \, dx"),
    (
        "integral-triple",
        r"\iiint_V \nabla \cdot \mathbf{F} \, dV = \oint_S \mathbf{F} \cdot d\mathbf{S}",
    ),
    ("integral-contour", r"\oint_C \frac{f(z)}{z - z_0} \, dz = 2\pi i f(z_0)"),
    ("integral-fundamental", r"\int_a^b f'(x) \, dx = f(b) - f(a)"),
    # --- limits
    ("limit", r"\lim_{x \to 0} \frac{\sin x}{x} = 1"),
    ("limit", r"\lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^n = e"),
    ("limit-sup", r"\limsup_{n \to \infty} a_n"),
    # --- derivatives
    ("derivative", r"\frac{d}{dx} \left( x^n \right) = n x^{n-1}"),
    ("derivative", r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}"),
    ("derivative-second", r"\frac{d^2 y}{dx^2} + \omega^2 y = 0"),
    ("partial", r"\frac{\partial^2 u}{\partial t^2} = c^2 \frac{\partial^2 u}{\partial x^2}"),
    ("partial-mixed", r"\frac{\partial^2 f}{\partial x \, \partial y}"),
    (
        "gradient",
        r"\nabla f = \left( \frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}, \frac{\partial f}{\partial z} \right)",
    ),
    # --- matrices
    ("pmatrix", r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
    ("bmatrix", r"\begin{bmatrix} 1 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 1 \end{bmatrix}"),
    ("vmatrix", r"\det(A) = \begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc"),
    ("matrix", r"\begin{matrix} x & y \\ z & w \end{matrix}"),
    (
        "pmatrix-dots",
        r"\begin{pmatrix} a_{11} & \cdots & a_{1n} \\ \vdots & \ddots & \vdots \\ a_{m1} & \cdots & a_{mn} \end{pmatrix}",
    ),
    (
        "matrix-inverse",
        r"A^{-1} = \frac{1}{ad - bc} \begin{bmatrix} d & -b \\ -c & a \end{bmatrix}",
    ),
    # --- cases
    ("cases", r"|x| = \begin{cases} x & \text{if } x \geq 0 \\ -x & \text{if } x < 0 \end{cases}"),
    (
        "cases",
        r"f(n) = \begin{cases} n/2 & n \equiv 0 \pmod{2} \\ 3n + 1 & n \equiv 1 \pmod{2} \end{cases}",
    ),
    # --- aligned / align
    ("aligned", r"\begin{aligned} (a+b)^2 &= (a+b)(a+b) \\ &= a^2 + 2ab + b^2 \end{aligned}"),
    ("align", r"\begin{align} x + y &= 10 \\ x - y &= 2 \end{align}"),
    ("align*", r"\begin{align*} f(x) &= x^2 + 2x + 1 \\ &= (x+1)^2 \end{align*}"),
    # --- display equations
    ("equation", r"E = mc^2"),
    ("equation", r"e^{i\pi} + 1 = 0"),
    ("equation", r"a^2 + b^2 = c^2"),
    # --- greek
    ("greek", r"\alpha + \beta + \gamma + \delta = \Omega - \Sigma \cdot \lambda"),
    ("greek", r"\varepsilon_0 \mu_0 = \frac{1}{c^2}, \quad \varphi, \vartheta, \Delta, \Gamma"),
    # --- accents
    ("accents", r"\hat{y} = \bar{x} + \vec{v} \cdot \tilde{w}"),
    ("accents-dot", r"\dot{x} = v, \quad \ddot{x} = a"),
    ("accents-wide", r"\widehat{ABC} \ne \overline{z_1 + z_2}"),
    # --- text
    ("text", r"\text{speed} = \frac{\text{distance}}{\text{time}}"),
    ("text", r"x_{\text{max}} = 10 \text{ m}"),
    # --- font styles
    ("mathbb", r"\forall x \in \mathbb{R}, \; \exists n \in \mathbb{N} : n > x"),
    ("mathcal", r"\mathcal{L}\{f(t)\} = F(s), \quad \mathcal{O}(n \log n)"),
    ("mathrm", r"\mathrm{d}x, \quad \mathrm{e}^{x}, \quad 5 \, \mathrm{kg}"),
    ("operatorname", r"\operatorname{argmax}_{\theta} \; p(x \mid \theta)"),
    ("mathbf", r"\mathbf{A}\mathbf{x} = \mathbf{b}"),
    # --- binomials
    ("binom", r"\binom{n}{k} = \frac{n!}{k!(n-k)!}"),
    ("binom-theorem", r"(x + y)^n = \sum_{k=0}^{n} \binom{n}{k} x^{n-k} y^k"),
    # --- roots
    ("sqrt", r"\sqrt{x^2 + y^2}"),
    ("root-nth", r"\sqrt[3]{8} = 2, \quad \sqrt[n]{a^m} = a^{m/n}"),
    # --- big operators
    ("bigop", r"\bigcup_{i=1}^{n} A_i \cap \bigcap_{j \in J} B_j"),
    ("bigop", r"\bigoplus_{k=1}^{n} V_k"),
    # --- bracket sizing
    (
        "left-right",
        r"\left[ \frac{a}{b} \right] + \left\{ \frac{c}{d} \right\} + \left| \frac{e}{f} \right|",
    ),
    ("left-right", r"\left\langle \psi \middle| \phi \right\rangle"),
    ("bigl", r"\bigl( x + y \bigr)^2"),
    # --- sets
    ("set", r"A = \{ x \in \mathbb{Z} \mid x^2 < 10 \}"),
    ("set", r"A \subseteq B \iff \forall x (x \in A \Rightarrow x \in B)"),
    ("set", r"A \cup \emptyset = A, \quad A \setminus B, \quad \overline{A}"),
    # --- probability
    ("probability", r"\mathbb{E}[X] = \sum_{x} x \, \Pr(X = x)"),
    ("probability", r"P(A \mid B) = \frac{P(B \mid A) \, P(A)}{P(B)}"),
    ("probability", r"\operatorname{Var}(X) = \mathbb{E}[X^2] - (\mathbb{E}[X])^2"),
    # --- sub/superscripts
    ("scripts", r"x_{i}^{2} + y_{j,k}^{(n)} + e^{-x^2/2}"),
    ("scripts", r"a_{n+1} = a_n + d, \quad 2^{2^{n}}"),
    ("prescripts", r"{}^{14}_{6}\mathrm{C}"),
    # --- boxed
    ("boxed", r"\boxed{x = 42}"),
    # --- underbrace/overbrace
    ("underbrace", r"\underbrace{1 + 2 + \cdots + n}_{n \text{ terms}}"),
    ("overbrace", r"\overbrace{a + a + \cdots + a}^{k \text{ times}}"),
    # --- dots
    ("dots", r"x_1, x_2, \ldots, x_n"),
    ("dots", r"a_1 + a_2 + \cdots + a_n"),
    # --- arrows
    ("arrows", r"f: X \to Y, \quad x \mapsto x^2"),
    ("arrows", r"A \Rightarrow B \Leftrightarrow C \longrightarrow D \leftarrow E"),
    ("arrows-x", r"A \xrightarrow{f} B"),
    # --- physics
    ("maxwell", r"\nabla \cdot \mathbf{E} = \frac{\rho}{\varepsilon_0}"),
    (
        "maxwell",
        r"\nabla \times \mathbf{B} = \mu_0 \mathbf{J} + \mu_0 \varepsilon_0 \frac{\partial \mathbf{E}}{\partial t}",
    ),
    (
        "schrodinger",
        r"i\hbar \frac{\partial}{\partial t} \Psi(\mathbf{r}, t) = \left[ -\frac{\hbar^2}{2m} \nabla^2 + V(\mathbf{r}, t) \right] \Psi(\mathbf{r}, t)",
    ),
    ("physics", r"F = G \frac{m_1 m_2}{r^2}"),
    ("physics", r"\hat{H} |\psi\rangle = E |\psi\rangle"),
    # --- statistics
    ("normal-pdf", r"f(x) = \frac{1}{\sigma \sqrt{2\pi}} e^{-\frac{(x - \mu)^2}{2\sigma^2}}"),
    (
        "statistics",
        r"\bar{x} = \frac{1}{n} \sum_{i=1}^{n} x_i, \quad s^2 = \frac{1}{n-1} \sum_{i=1}^{n} (x_i - \bar{x})^2",
    ),
    ("statistics", r"X \sim \mathcal{N}(\mu, \sigma^2)"),
    # --- array
    ("array", r"\left( \begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array} \right)"),
    ("array", r"\begin{array}{c|c} x & f(x) \\ \hline 0 & 1 \\ 1 & e \end{array}"),
    ("array-augmented", r"\left[ \begin{array}{cc|c} 1 & 2 & 3 \\ 4 & 5 & 6 \end{array} \right]"),
    # --- misc chat-model favourites
    ("norm", r"\|\mathbf{x}\|_2 = \sqrt{\sum_{i} x_i^2}"),
    (
        "inequality",
        r"\left| \sum_{i=1}^n a_i b_i \right| \leq \sqrt{\sum_{i=1}^n a_i^2} \sqrt{\sum_{i=1}^n b_i^2}",
    ),
    ("trig", r"\sin^2 \theta + \cos^2 \theta = 1"),
    ("log", r"\log_b (xy) = \log_b x + \log_b y, \quad \ln e = 1"),
    ("modular", r"a \equiv b \pmod{n}"),
    (
        "ml",
        r"\mathcal{L}(\theta) = -\frac{1}{N} \sum_{i=1}^{N} \left[ y_i \log \hat{y}_i + (1 - y_i) \log (1 - \hat{y}_i) \right]",
    ),
    ("ml", r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}"),
    (
        "ml-attention",
        r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left( \frac{QK^\top}{\sqrt{d_k}} \right) V",
    ),
    ("fourier", r"\hat{f}(\xi) = \int_{-\infty}^{\infty} f(x) \, e^{-2\pi i x \xi} \, dx"),
    ("taylor", r"f(x) = \sum_{n=0}^{\infty} \frac{f^{(n)}(a)}{n!} (x - a)^n"),
    ("complex", r"z = r(\cos\varphi + i \sin\varphi) = r e^{i\varphi}"),
    ("spacing", r"a \, b \; c \quad d \qquad e \! f"),
    ("color", r"\color{red}{x} + y"),
]
