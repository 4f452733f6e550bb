"""Renderers: clause trees and change sets to HTML, markdown, JSON and terminal text."""
