"""The macros many pages share (templates/_forms.html, _listing.html, _assets.html): the markup each renders, so
that a page written with them says what the markup they replaced said (the ids, names and classes the pages'
scripts and the browser tests find)."""
import re
from types import SimpleNamespace

import pytest

from tests.static_names import unhashed


@pytest.fixture
def render(app):
    def render(source: str, **context) -> str:
        with app.test_request_context("/"):
            html = app.jinja_env.from_string(source).render(**context)
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()
    return render


FILTER = '{% from "_forms.html" import select_filter %}'


def test_a_filter_offers_all_then_a_mappings_choices_and_marks_the_chosen_one(render):
    html = render(FILTER + "{{ select_filter('status', 'Status', {'active': 'Active', 'revoked': 'Revoked'}, "
                  "'revoked') }}")
    assert html == ('<div><label for="f-status">Status</label><select id="f-status" name="status">'
                    '<option value="">All</option><option value="active">Active</option>'
                    '<option value="revoked" selected>Revoked</option></select></div>')


def test_a_filter_of_records_reads_their_value_and_label_and_of_strings_takes_each_as_both(render):
    agencies = [SimpleNamespace(id=1, name="Bappeda"), SimpleNamespace(id=2, name="Dinas <PUPR>")]
    html = render(FILTER + "{{ select_filter('agency', 'Agency', agencies, 2, 'All agencies', attrs=('id', 'name')) }}"
                  "{{ select_filter('regency', 'Place', ['Sanggau', 'Sintang'], none, 'All places') }}",
                  agencies=agencies)
    assert ('<select id="f-agency" name="agency"><option value="">All agencies</option>'
            '<option value="1">Bappeda</option><option value="2" selected>Dinas &lt;PUPR&gt;</option></select>') in html
    assert ('<select id="f-regency" name="regency"><option value="">All places</option>'
            '<option value="Sanggau">Sanggau</option><option value="Sintang">Sintang</option></select>') in html


def test_form_buttons_send_or_leave_and_a_danger_button_says_so(render):
    html = render('{% from "_forms.html" import form_buttons %}'
                  "{{ form_buttons('Erase now', '/back', danger=true) }}{{ form_buttons('Show', '/list', 'Reset') }}")
    assert html == ('<div class="actions"><button class="btn danger" type="submit">Erase now</button>'
                    '<a href="/back">Cancel</a></div>'
                    '<div class="actions"><button class="btn" type="submit">Show</button>'
                    '<a href="/list">Reset</a></div>')


def test_an_item_list_or_its_empty_line(render):
    source = ('{% from "_listing.html" import item_list %}'
              "{% call(x) item_list(items, 'None yet.', {'class': 'things'}, 'card') %}<li>{{ x }}</li>{% endcall %}")
    assert render(source, items=["a", "b"]) == '<ul class="things"><li>a</li><li>b</li></ul>'
    assert render(source, items=[]) == '<p class="card">None yet.</p>'


def test_vendored_scripts_are_classic_and_ours_are_modules(render):
    html = unhashed(render('{% from "_assets.html" import script_tags %}'
                           "{{ script_tags(['vendor/socket.io/socket.io.min.js', 'js/door.js'], defer=true) }}"))
    assert html == ('<script src="/static/vendor/socket.io/socket.io.min.js" defer></script>'
                    '<script type="module" src="/static/js/door.js"></script>')
