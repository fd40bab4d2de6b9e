# SPDX-License-Identifier: MIT
# Write OUT, a C file holding the bytes of XML and XSD as arrays with their
# lengths: eip_rules_default_xml[_len], eip_rules_schema_xsd[_len].
function(embed_one var file result)
  file(READ ${file} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  string(REGEX REPLACE "((0x..,){16})" "\\1\n    " body "${body}")
  set(${result} "const unsigned char ${var}[] = {\n    ${body}0x00};\nconst unsigned long ${var}_len = ${len};\n" PARENT_SCOPE)
endfunction()
embed_one(eip_rules_default_xml ${XML} a)
embed_one(eip_rules_schema_xsd ${XSD} b)
file(WRITE ${OUT} "/* generated from rules/ at build time; do not edit */\n${a}${b}")
