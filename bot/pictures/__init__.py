"""Pictures the bot sends: a lesson's charts and mock posts (drawn from the bank's picture
data), the competency chart and the MIL CLICKer badge.

Plain values in, PNG bytes out: no Telegram, no database. Text is laid out by libraqm (in
matplotlib from 3.11, and in Pillow's wheels), so Arabic is shaped and runs right to left
and Thai marks sit where they belong.
"""
