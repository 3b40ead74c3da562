#!/usr/bin/env python3
"""Writes the OLCUT configuration fixtures for the tests of dev.cider.util.SafeConfigFiles.

Run from anywhere: python3 make_xxe_fixtures.py
It writes into the folder of this script:

* secret.txt: a file an attacker would like a configuration to read.
* external_entity.xml: a configuration whose DOCTYPE declares an external entity on secret.txt and uses it in
  element text (an <item> of a property list), which OLCUT's default SAX parser expands.
* internal_entity.xml: a DOCTYPE with an internal entity only (still refused: no configuration needs a DOCTYPE).
* includes_external_entity.xml: a clean configuration whose <file> element includes external_entity.xml.
* plain.xml: a clean configuration with a property list, which must pass.
* not_xml.json: a file in another format, left for OLCUT.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

COMPONENT = """  <component name="source" type="dev.cider.data.source.SyntheticSource">
    <propertylist name="names">
      <item>{item}</item>
    </propertylist>
  </component>
"""


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    write("secret.txt", "s3cr3t-token\n")
    write("external_entity.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<!DOCTYPE config [\n  <!ENTITY secret SYSTEM "secret.txt">\n]>\n'
          "<config>\n" + COMPONENT.format(item="&secret;") + "</config>\n")
    write("internal_entity.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<!DOCTYPE config [\n  <!ENTITY word "hello">\n]>\n'
          "<config>\n" + COMPONENT.format(item="&word;") + "</config>\n")
    write("includes_external_entity.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<config>\n  <file name="more" value="external_entity.xml"/>\n</config>\n')
    write("plain.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          "<config>\n" + COMPONENT.format(item="a &amp; b") + "</config>\n")
    write("not_xml.json", '{"config": {"components": []}}\n')


if __name__ == "__main__":
    main()
