"""Agroferia: exhibitors, sales and reports for peasant farmers' markets."""

__version__ = "0.1.0"
