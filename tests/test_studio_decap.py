"""The Decap CMS configuration: generated from the settings and schemas, checked by Decap's own code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from congtt.config import plugin_settings
from congtt.content import load_portal
from congtt.schema import DOCUMENT_SCHEMA, POST_SCHEMA, PROCEDURE_SCHEMA, TASK_FIELDS, TASK_STATUSES
from congtt.studio.decap import capitalised, converter_name, decap_config
from congtt.text import slugify

REPOSITORY = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "portal" / "mkdocs.yml"
SCHEMAS = {"news": POST_SCHEMA, "documents": DOCUMENT_SCHEMA, "procedures": PROCEDURE_SCHEMA}
WIDGETS = {
    "text": {"string", "text", "image"},
    "lines": {"list"},
    "flag": {"boolean"},
    "instant": {"datetime"},
    "day": {"datetime"},
    "code": {"string"},
    "url": {"string"},
    "configured": {"select"},
    "configured_list": {"select"},
    "one_of": {"select"},
    "file_list": {"list"},
    "tasks": {"list"},
}


def _settings(path: Path = REPOSITORY / "mkdocs.yml"):
    return plugin_settings(load_config(str(path)))


@pytest.fixture(scope="module")
def config():
    return decap_config(_settings(), site_url="https://laikhe.haiphong.gov.vn/")


def _collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def _field(collection, name):
    return next(f for f in collection["fields"] if f["name"] == name)


def test_backend_workflow_and_slugs(config):
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "vi"
    assert config["show_preview_links"] is True
    assert config["site_url"] == "https://laikhe.haiphong.gov.vn/"
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert "site_url" not in decap_config(_settings(), proxy_url="/x", branch="trunk")
    assert decap_config(_settings(), proxy_url="/x", branch="trunk")["backend"]["branch"] == "trunk"


def test_four_collections_on_the_configured_folders(config):
    by_name = {c["name"]: c for c in config["collections"]}
    assert list(by_name) == ["news", "documents", "procedures", "pages"]
    assert {n: c["folder"] for n, c in by_name.items()} == {
        "news": "news", "documents": "plans", "procedures": "tthc", "pages": "content"
    }
    for collection in by_name.values():
        assert collection["format"] == "frontmatter" and collection["extension"] == "md"
        assert "preview_path" not in collection
        assert collection["fields"][-1] == {
            "label": "Nội dung", "name": "body", "widget": "markdown", "required": False,
            "sanitize_preview": True, **({"modes": ["raw", "rich_text"]} if collection["name"] == "pages" else {}),
        }
    assert by_name["news"]["path"] == "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}"
    assert by_name["documents"]["path"] == "{{year}}/{{slug}}"
    assert by_name["procedures"]["path"] == "{{field}}/{{code}}-{{slug}}"
    assert by_name["pages"]["create"] is False and by_name["pages"]["delete"] is False
    assert [f["name"] for f in by_name["pages"]["fields"]] == ["title", "body"]


def test_repository_layout_matches_the_path_templates():
    """Every existing file sits where its collection's path template would put it."""
    for post in (REPOSITORY / "news").glob("*/*.md"):
        assert post.stem.startswith(f"{post.parent.name}-"), post
    for document in (REPOSITORY / "plans").glob("*/*.md"):
        assert document.parent.name.isdigit(), document
    settings = _settings()
    fields = {term.slug for term in settings.tthc_fields}
    for procedure in (REPOSITORY / "tthc").glob("*/*.md"):
        assert procedure.parent.name in fields, procedure


def test_photos_are_saved_beside_the_entry(config):
    news = _collection(config, "news")
    assert (news["media_folder"], news["public_folder"]) == ("anh", "anh")
    covers = [line.split(":", 1)[1].strip() for post in (REPOSITORY / "news").glob("*/*.md")
              for line in post.read_text(encoding="utf-8").splitlines() if line.startswith("image:")]
    assert covers and all(c.startswith("anh/") for c in covers)
    documents = _collection(config, "documents")
    assert (documents["media_folder"], documents["public_folder"]) == ("", "")
    forms = _field(_collection(config, "procedures"), "forms")
    file = next(f for f in forms["fields"] if f["name"] == "file")
    assert (file["media_folder"], file["public_folder"]) == ("bieu-mau", "bieu-mau")
    assert config["media_folder"] == "content/anh" and config["public_folder"] == "/anh"


def test_every_schema_key_but_those_fixing_the_address_is_a_field_with_its_widget(config):
    for name, schema in SCHEMAS.items():
        collection = _collection(config, name)
        fields = {f["name"]: f for f in collection["fields"][:-1]}
        assert list(fields) == [key for key in schema if key not in ("slug", "id", "aliases")]
        for key, field in fields.items():
            spec = schema[key]
            assert field["widget"] in WIDGETS[converter_name(spec.convert)], (name, key)
            assert field["required"] is (spec.required and not spec.blank_ok), (name, key)
            assert field["label"] == capitalised(spec.label) and field["label"][0].isupper()


def test_vietnamese_labels_and_special_widgets(config):
    news = _collection(config, "news")
    assert (news["label"], news["label_singular"]) == ("Tin bài", "tin bài")
    assert _field(news, "title")["label"] == "Tiêu đề"
    assert _field(news, "summary")["widget"] == "text"
    assert _field(news, "image")["widget"] == "image"
    assert "Bắt buộc khi có ảnh bìa" in _field(news, "image_alt")["hint"]
    assert _field(news, "tags")["field"]["widget"] == "string"
    assert _field(news, "cchc")["multiple"] is True
    assert _field(news, "featured")["widget"] == "boolean"
    number = _field(_collection(config, "documents"), "number")
    assert number["required"] is False and number["default"] == ""
    procedures = _collection(config, "procedures")
    assert _field(procedures, "code")["pattern"][0] == r"^\d+\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$"
    assert "Cơ sở dữ liệu quốc gia" in _field(procedures, "code")["pattern"][1]
    assert _field(procedures, "dvc_url")["pattern"][0] == "^https?://"
    assert _field(procedures, "online")["options"][0] == {"label": "Toàn trình", "value": "toan-trinh"}


def test_file_lists_and_tasks(config):
    attachments = _field(_collection(config, "documents"), "attachments")
    assert attachments["widget"] == "list"
    assert [(f["name"], f["widget"], f["required"]) for f in attachments["fields"]] == [
        ("file", "file", True), ("title", "string", False)
    ]
    tasks = _field(_collection(config, "documents"), "tasks")
    assert [f["name"] for f in tasks["fields"]] == list(TASK_FIELDS)
    assert [f["label"] for f in tasks["fields"]][0] == "Nội dung nhiệm vụ"
    status = next(f for f in tasks["fields"] if f["name"] == "status")
    assert status["options"] == [{"label": v, "value": k} for k, v in TASK_STATUSES.items()]
    assert next(f for f in tasks["fields"] if f["name"] == "content")["required"] is True


def test_day_first_date_formats(config):
    date = _field(_collection(config, "news"), "date")
    assert {k: date[k] for k in ("widget", "format", "date_format", "time_format")} == {
        "widget": "datetime", "format": "DD/MM/YYYY HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm"
    }
    assert date["default"] == "{{now}}"
    for collection, key in (("documents", "issued"), ("procedures", "updated")):
        day = _field(_collection(config, collection), key)
        assert (day["format"], day["time_format"]) == ("DD/MM/YYYY", False)


def test_vocabularies_come_from_the_settings(config):
    categories = _field(_collection(config, "news"), "category")["options"]
    assert {"label": "Chuyển đổi số", "value": "chuyen-doi-so"} in categories
    fields = _field(_collection(config, "procedures"), "field")["options"]
    assert {"label": "Hộ tịch", "value": "ho-tich"} in fields
    kinds = _field(_collection(config, "documents"), "kind")["options"]
    assert {"label": "Kế hoạch", "value": "ke-hoach"} in kinds


def test_a_new_category_shows_up_with_no_code_change(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "  - congtt:\n",
        "  - congtt:\n      categories:\n        - slug: nong-thon-moi\n          name: Nông thôn mới\n"
        "      tthc_fields:\n        - slug: dat-dai\n          name: Đất đai\n",
    )
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    (tmp_path / "content").mkdir()
    config = decap_config(_settings(tmp_path / "mkdocs.yml"))
    news = _collection(config, "news")
    assert _field(news, "category")["options"] == [{"label": "Nông thôn mới", "value": "nong-thon-moi"}]
    assert {"label": "Nông thôn mới", "field": "category", "pattern": "^nong-thon-moi$"} in news["view_filters"]
    procedures = _collection(config, "procedures")
    assert _field(procedures, "field")["options"] == [{"label": "Đất đai", "value": "dat-dai"}]


def test_yaml_round_trip(config):
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    assert "&id" not in text and "*id" not in text
    assert yaml.safe_load(text) == config
    assert json.loads(json.dumps(config, ensure_ascii=False)) == config


# --- Decap's own code, run by Node: config schema, datetime widget, front-matter writer, slugs ---

LOADER = r"""
// Lets Node import decap-cms' bundler-style dist/esm files: extensionless and directory
// specifiers, decap packages by their ES build, CommonJS dependencies with named exports.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// configSchema.js needs only i18n's constants; the rest of i18n.js pulls in the whole browser app.
const I18N_CONSTANTS = /^export (?:const|let) I18N\w* = (?:'[^']*';|[\s\S]*?\}\(\{\}\);)$/gm;
const isFile = path => existsSync(path) && statSync(path).isFile();

export async function resolve(specifier, context, next) {
  const parent = context.parentURL?.startsWith('file:') ? fileURLToPath(context.parentURL) : null;
  if (parent && (specifier.startsWith('.') || specifier.startsWith('/'))) {
    const path = fileURLToPath(new URL(specifier, context.parentURL));
    const found = [path, `${path}.js`, `${path}/index.js`].find(isFile);
    if (found) return { url: pathToFileURL(found).href, shortCircuit: true };
  }
  if (parent && /^decap-cms-[a-z-]+$/.test(specifier)) {
    const entry = `${parent.split('/node_modules/')[0]}/node_modules/${specifier}/dist/esm/index.js`;
    if (isFile(entry)) return { url: pathToFileURL(entry).href, shortCircuit: true };
  }
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!parent || !['ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_MODULE_NOT_FOUND'].includes(error.code)) throw error;
    return { url: pathToFileURL(createRequire(parent).resolve(specifier)).href, shortCircuit: true };
  }
}

export async function load(url, context, next) {
  if (url.endsWith('/decap-cms-core/dist/esm/lib/i18n.js')) {
    const { source } = await next(url, { ...context, format: 'module' });
    return { format: 'module', source: (String(source).match(I18N_CONSTANTS) || []).join('\n'), shortCircuit: true };
  }
  if (url.includes('/dist/esm/') && url.endsWith('.js')) return next(url, { ...context, format: 'module' });
  const loaded = await next(url, context);
  if (loaded.format !== 'commonjs') return loaded;
  const path = fileURLToPath(url);
  const names = Object.keys(require(path)).filter(name => IDENTIFIER.test(name) && name !== 'default');
  const source = [
    "import { createRequire } from 'node:module';",
    `const m = createRequire(import.meta.url)(${JSON.stringify(path)});`,
    'export default m;',
    ...names.map((name, i) => `const _${i} = m[${JSON.stringify(name)}];`),
    `export { ${names.map((name, i) => `_${i} as ${name}`).join(', ')} };`,
  ].join('\n');
  return { format: 'module', source, shortCircuit: true };
}
"""

PROBE = r"""
import { readFileSync, existsSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [loader, modules, configFile] = process.argv.slice(2);
register(pathToFileURL(loader));
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const core = `${modules}/decap-cms-core/dist/esm`;
const { fromJS } = await import(`${modules}/immutable/dist/immutable.es.js`).catch(() => import('immutable'));
const registry = await import(`${core}/lib/registry.js`);
for (const name of ['string', 'text', 'image', 'file', 'select', 'markdown', 'list', 'object', 'boolean', 'datetime']) {
  const schemaFile = `${modules}/decap-cms-widget-${name}/dist/esm/schema.js`;
  const schema = existsSync(schemaFile) ? (await import(schemaFile)).default : {};
  registry.registerWidget(name, () => null, null, schema);
}
const { validateConfig } = await import(`${core}/constants/configSchema.js`);
let schemaErrors = null;
try { validateConfig(config); } catch (error) { schemaErrors = String(error.message || error); }

const DateTimeControl = (await import(`${modules}/decap-cms-widget-datetime/dist/esm/DateTimeControl.js`)).default;
function control(field) {
  const written = [];
  const widget = new DateTimeControl({ field: fromJS(field), onChange: v => written.push(v), t: k => k,
    classNameWrapper: '', setActiveStyle() {}, setInactiveStyle() {} });
  return { widget, written };
}
const collection = name => config.collections.find(c => c.name === name);
const field = (c, name) => collection(c).fields.find(f => f.name === name);
const date = control(field('news', 'date'));
date.widget.handleChange('2025-06-15T08:30');
const issued = control(field('documents', 'issued'));
issued.widget.handleChange('2023-03-20');

const { frontmatterYAML } = await import(`${core}/formats/frontmatter.js`);
const post = frontmatterYAML().toFile({
  title: 'Đăng ký khai sinh trực tuyến', date: date.written[0], category: 'thong-bao', body: 'Nội dung.\n',
}, collection('news').fields.map(f => f.name));
const procedure = frontmatterYAML().toFile({ code: '1.001193' });

const { sanitizeSlug } = await import(`${core}/lib/urlHelper.js`);
const formatters = readFileSync(`${core}/lib/formatters.js`, 'utf8');
const prepareSlug = new Function(`${formatters.match(/export function prepareSlug[\s\S]*?\n}\n/)[0].replace('export ', '')}return prepareSlug;`)();
const titles = JSON.parse(process.argv[5]);
const slugs = titles.map(title => sanitizeSlug(prepareSlug(title), config.slug));

console.log(JSON.stringify({
  schemaErrors,
  date: { written: date.written, input: date.widget.formatInputValue('15/06/2025 08:30'), type: date.widget.getFormat().inputType },
  issued: { written: issued.written, input: issued.widget.formatInputValue('20/03/2023'), type: issued.widget.getFormat().inputType },
  post, procedure, slugs,
}));
"""

TITLES = [
    "Đăng ký khai sinh",
    "“Cháu dạy ông bà dùng dịch vụ công”: mô hình hay",
    "Lịch nghỉ Tết Bính Ngọ 2026: người dân vẫn có thể nộp hồ sơ trực tuyến",
    "Hội nghị Đảng ủy xã – quý III/2026",
    "Tổ công nghệ số cộng đồng (thôn Thượng)",
]


def _decap_modules() -> Path | None:
    """A node_modules holding decap-cms 3.16.3's packages (not only its dist/), if any."""
    for candidate in (os.environ.get("CONGTT_DECAP_MODULES"), REPOSITORY / "tests" / "js" / "node_modules"):
        if candidate and (Path(candidate) / "decap-cms-core" / "dist" / "esm").is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def decap(config, tmp_path_factory):
    """What Decap's own code makes of the configuration, run once by Node."""
    modules = _decap_modules()
    if shutil.which("node") is None or modules is None:
        pytest.skip("node or decap-cms' packages missing: set CONGTT_DECAP_MODULES to a node_modules with decap-cms")
    work = tmp_path_factory.mktemp("decap")
    (work / "loader.mjs").write_text(LOADER, encoding="utf-8")
    (work / "probe.mjs").write_text(PROBE, encoding="utf-8")
    (work / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    command = ["node", str(work / "probe.mjs"), str(work / "loader.mjs"), str(modules), str(work / "config.json"),
               json.dumps(TITLES, ensure_ascii=False)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env={**os.environ, "TZ": "Asia/Ho_Chi_Minh"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.slow
def test_decap_accepts_the_configuration(decap):
    assert decap["schemaErrors"] is None


def test_decap_writes_and_reads_day_first_dates(decap):
    assert decap["date"] == {"written": ["15/06/2025 08:30"], "input": "2025-06-15T08:30", "type": "datetime-local"}
    assert decap["issued"] == {"written": ["20/03/2023"], "input": "2023-03-20", "type": "date"}


def test_the_engine_accepts_what_decap_writes(decap, portal):
    assert 'code: "1.001193"' in decap["procedure"] or "code: '1.001193'" in decap["procedure"]
    (portal / "news" / "2025").mkdir(parents=True)
    (portal / "news" / "2025" / "2025-06-15-dang-ky-khai-sinh-truc-tuyen.md").write_text(decap["post"], encoding="utf-8")
    loaded, problems = load_portal(_settings(portal / "mkdocs.yml"), portal)
    assert problems == []
    post = next(p for p in loaded.posts if p.date.year == 2025)
    assert post.date.replace(tzinfo=None) == datetime(2025, 6, 15, 8, 30)


def test_decap_slugs_match_the_engine_for_vietnamese_titles(decap):
    assert decap["slugs"] == [slugify(title) for title in TITLES]
