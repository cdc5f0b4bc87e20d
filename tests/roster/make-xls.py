#!/usr/bin/python3
# Writes tests/roster/roster-2016.xls, the example roster
# (scenarios/example-county/roster-2016.csv) as an Excel 97-2003 workbook
# the way a county's system exports it: Chinese headers and values, sizes,
# areas and amounts as number cells, dates as date cells, a blank row.
# tests/test_cmd_audit.c audits it against the CSV.  Needs python3-xlwt
# (Debian); run from the repository's root: /usr/bin/python3 tests/roster/make-xls.py
import csv
import datetime

import xlwt

ZH = {"household_id": "户编号", "site_id": "安置点编号", "category": "搬迁类型",
      "size": "家庭人口", "area_m2": "住房面积", "self_funded_yuan": "自筹资金",
      "moved_in_date": "入住日期", "demolition_agreement": "拆旧协议",
      "demolished_date": "拆旧日期", "name": "户主姓名"}
VALUES = {"registered": "建档立卡", "synchronous": "同步搬迁", "yes": "是", "no": "否"}

with open("scenarios/example-county/roster-2016.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f))
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("花名册")
dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
header = rows[0]
for c, name in enumerate(header):
    sheet.write(0, c, ZH[name])
out = 1
for row in rows[1:]:
    if out == 10:
        out += 1  # a blank row
    for c, (name, text) in enumerate(zip(header, row)):
        if text == "":
            continue
        if name in ("size", "area_m2", "self_funded_yuan"):
            sheet.write(out, c, float(text) if "." in text else int(text))
        elif name.endswith("_date"):
            sheet.write(out, c, datetime.date.fromisoformat(text), dates)
        else:
            sheet.write(out, c, VALUES.get(text, text))
    out += 1
book.save("tests/roster/roster-2016.xls")
