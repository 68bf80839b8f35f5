"""Figures and display tables of the chapters (matplotlib, pandas), built from the models' results."""
