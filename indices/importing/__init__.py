"""Result spreadsheets in: reading a file (`reading`), one spec per record type (`records`), checking and
planning every row (`planning`) and writing a checked plan (`applying`). `indices.services` runs the four
inside one transaction; exports live in `indices.exports`.
"""
