import Compliance
import Foundation
import Testing
@testable import Reports
