"""``python -m tools.bench`` (``make bench``): congtt against plain mkdocs-material, written to BENCHMARKS.md.

The benchmark is a developer's tool: it lives beside the package, not in it (the wheel ships none of
it), and drives congtt as staff do, through its command line and its studio.
"""

from __future__ import annotations

from pathlib import Path

import click

from congtt.cli import CONFIG_OPTION, Failure, _load


@click.command()
@CONFIG_OPTION
@click.option("--sizes", default="1000,5000,20000", show_default=True, help="Số mục của từng cổng thử, cách nhau bằng dấu phẩy.")
@click.option(
    "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    help="Nơi ghi BENCHMARKS.md và bench/results.json.",
)
@click.option(
    "--work-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".bench"), show_default=True,
    help="Thư mục làm việc: cổng thử, bản xây dựng, nhật ký.",
)
@click.option(
    "--skip-naive-above", type=int, default=5000, show_default=True,
    help="Bỏ bản đối chứng «naive» (mục lục mặc định, tăng theo bình phương) khi cổng lớn hơn số mục này.",
)
@click.option(
    "--size-budget-minutes", type=float, default=60.0, show_default=True,
    help="Không đo cỡ cổng nào mà ước tính (từ cỡ trước) sẽ mất lâu hơn số phút này.",
)
@click.option(
    "--build-rounds", type=click.IntRange(min=1), default=3, show_default=True,
    help="Số lần xây dựng lạnh congtt và bản đối chứng «tuned» ở mỗi cỡ, xen kẽ nhau; giữ lần nhanh nhất của mỗi bên.",
)
@click.option(
    "--only", type=click.Choice(["studio", "lighthouse"]), default=None,
    help="studio: chỉ đo các hàng của xưởng soạn (mở danh sách tin, lưu → xem trước, đăng → lên Cổng) ở mọi cỡ đã chọn, "
         "ghi bench/studio-results.json; lighthouse: chỉ chấm điểm Lighthouse mọi loại trang của cổng mẫu, ghi "
         "bench/lighthouse-results.json. Cả hai chỉ thay mục của mình trong BENCHMARKS.md.",
)
def bench(
    config_file: Path, sizes: str, output_dir: Path, work_dir: Path, skip_naive_above: int, size_budget_minutes: float,
    build_rounds: int, only: str | None,
) -> None:
    """Đo hiệu năng congtt so với mkdocs-material thuần, ghi BENCHMARKS.md (dành cho lập trình viên)."""
    from .measure import BenchError
    from .run import LIGHTHOUSE_RESULTS_FILE, RESULTS_FILE, STUDIO_RESULTS_FILE, Options, run_benchmark

    counts = _sizes(sizes)
    _load(config_file)
    options = Options(
        template=config_file.resolve(), output_dir=output_dir.resolve(), work_dir=work_dir.resolve(),
        sizes=counts, skip_naive_above=skip_naive_above, size_budget_minutes=size_budget_minutes,
        build_rounds=build_rounds, only=only,
    )
    try:
        run_benchmark(options, echo=click.echo)
    except BenchError as error:
        raise Failure(f"Đo hiệu năng thất bại: {error}") from None
    if only:
        written = STUDIO_RESULTS_FILE if only == "studio" else LIGHTHOUSE_RESULTS_FILE
        click.echo(f"Đã ghi «{output_dir / written}» và thay mục đó trong «{output_dir / 'BENCHMARKS.md'}».")
    else:
        click.echo(f"Đã ghi «{output_dir / 'BENCHMARKS.md'}» và «{output_dir / RESULTS_FILE}».")


def _sizes(text: str) -> tuple[int, ...]:
    """Read ``--sizes 1000,5000,20000``."""
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise Failure(f"Không đọc được --sizes «{text}»: cần các số nguyên dương cách nhau bằng dấu phẩy, ví dụ 1000,5000,20000.")
    return tuple(int(part) for part in parts)


if __name__ == "__main__":
    bench(prog_name="python -m tools.bench")
